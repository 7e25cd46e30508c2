package io.rcsync.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Renders each verb's header and description as paragraphs wrapped at spaces only. Picocli wraps with the JDK's line
 * {@link java.text.BreakIterator}, which also breaks after a dot or hyphen inside a word, so a path or key such as
 * {@code .rcsync/rc-token.json} or {@code pollWindows.hot.intervalMinutes} could be split across two lines and no
 * longer be copied whole. Here every description element is one paragraph; a line is broken only at a space, at the
 * usage width (80 columns unless the terminal's is known); an element's leading spaces (an example command) indent its
 * continuation lines four further; a word longer than the width stands alone on its line, unbroken. An element that
 * continues the previous one's sentence (that one does not end with {@code . : ! ?} and neither is indented or empty)
 * joins its paragraph, so a description written with hard line breaks still reads as one paragraph. Option
 * descriptions get the same rule through a {@link Help.Layout} that hands picocli's table lines that already fit.
 */
final class HelpParagraphs {
  private HelpParagraphs() {}

  /** Installs the renderers and the option layout on {@code cl} and every subcommand. */
  static void install(CommandLine cl) {
    cl.setHelpFactory((spec, colors) -> new Help(spec, colors) {
      @Override
      public Help.Layout createDefaultLayout() {
        Help.Layout d = super.createDefaultLayout();
        return new SpaceWrappingLayout(d.colorScheme(), d.textTable(), d.optionRenderer(), d.parameterRenderer());
      }
    });
    sections(cl);
  }

  private static void sections(CommandLine cl) {
    cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_HEADER,
        help -> render(help.commandSpec().usageMessage().header(), help.commandSpec().usageMessage().width()));
    cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_DESCRIPTION,
        help -> render(help.commandSpec().usageMessage().description(), help.commandSpec().usageMessage().width()));
    cl.getSubcommands().values().forEach(HelpParagraphs::sections);
  }

  /** The lines (picocli's {@code %n} format applied, as picocli applies it) wrapped at spaces to {@code width}. */
  static String render(String[] elements, int width) {
    StringBuilder out = new StringBuilder();
    for (String element : paragraphs(elements)) {
      String text;
      try {
        text = String.format(Locale.ROOT, element);
      } catch (java.util.IllegalFormatException e) {
        text = element;
      }
      for (String paragraph : text.split("\r?\n", -1)) {
        for (String line : wrap(paragraph, width)) {
          out.append(line).append(System.lineSeparator());
        }
      }
    }
    return out.toString();
  }

  /**
   * picocli's option layout, with each description line wrapped at spaces before the table sees it: the table then
   * never needs to break a line itself. Continuation lines are indented two, as picocli indents its own.
   */
  private static final class SpaceWrappingLayout extends Help.Layout {
    SpaceWrappingLayout(Help.ColorScheme colors, Help.TextTable table, Help.IOptionRenderer options,
        Help.IParameterRenderer parameters) {
      super(colors, table, options, parameters);
    }

    @Override
    public void layout(ArgSpec arg, Help.Ansi.Text[][] rows) {
      Help.Column[] columns = table.columns();
      int last = columns.length - 1;
      // the column's own indent, and room for picocli's two-space indent of wrapped lines
      int width = columns[last].width - columns[last].indent - table.indentWrappedLines - 1;
      List<Help.Ansi.Text[]> out = new ArrayList<>();
      for (Help.Ansi.Text[] row : rows) {
        if (row.length != columns.length || row[last] == null) {
          out.add(row);
          continue;
        }
        List<String> lines = wrap(row[last].plainString(), width);
        for (int i = 0; i < lines.size(); i++) {
          Help.Ansi.Text[] r = new Help.Ansi.Text[row.length];
          for (int c = 0; c < row.length; c++) {
            r[c] = i == 0 && c != last ? row[c] : colorScheme.text("");
          }
          r[last] = colorScheme.text(i == 0 ? lines.get(i) : "  " + lines.get(i));
          out.add(r);
        }
      }
      super.layout(arg, out.toArray(new Help.Ansi.Text[0][]));
    }
  }

  /** The elements with each continued sentence joined to the element it continues. */
  static List<String> paragraphs(String[] elements) {
    List<String> out = new ArrayList<>();
    for (String e : elements) {
      if (!out.isEmpty()) {
        String prev = out.get(out.size() - 1);
        boolean plain = !e.isBlank() && !e.startsWith(" ") && !prev.isBlank() && !prev.startsWith(" ");
        if (plain && !prev.stripTrailing().matches("(?s).*[.:!?]$") && !prev.contains("%n") && !e.contains("%n")) {
          out.set(out.size() - 1, prev.stripTrailing() + " " + e.strip());
          continue;
        }
      }
      out.add(e);
    }
    return out;
  }

  static List<String> wrap(String paragraph, int width) {
    List<String> lines = new ArrayList<>();
    int lead = 0;
    while (lead < paragraph.length() && paragraph.charAt(lead) == ' ') {
      lead++;
    }
    String rest = paragraph.substring(lead).stripTrailing();
    if (rest.isEmpty()) {
      lines.add("");
      return lines;
    }
    String indent = " ".repeat(lead);
    String continuation = lead == 0 ? "" : " ".repeat(lead + 4);
    StringBuilder line = new StringBuilder(indent);
    boolean empty = true;
    for (String word : rest.split(" +")) {
      if (!empty && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line = new StringBuilder(continuation);
        empty = true;
      }
      if (!empty) {
        line.append(' ');
      }
      line.append(word);
      empty = false;
    }
    lines.add(line.toString());
    return lines;
  }
}
