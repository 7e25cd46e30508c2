package io.rcsync.cli.packaging;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The type names a compiled class mentions, read from its constant pool.
 *
 * <p>Why a constant-pool reader rather than a byte search for {@code "org/junit/"}: every name a class refers to
 * (the classes it uses, the field and method descriptors, generic signatures, annotation types) is a
 * CONSTANT_Utf8 entry of its constant pool, so reading just those entries finds every reference and nothing
 * else: no accidental match in bytecode or in another entry's raw bytes, and each hit names the exact entry,
 * which makes a failure readable. The file must start with the class-file magic, so a truncated or non-class
 * entry fails loudly instead of scanning as clean. Utf8 entries also hold string literals; a literal spelling
 * an internal name such as {@code "org/junit/"} would be reported too, which errs on the safe side.
 *
 * <p>The layout is JVMS §4.4 (Java SE 17); the reader stops after the constant pool.
 */
final class ClassFileReferences {
  private ClassFileReferences() {}

  /** Every CONSTANT_Utf8 entry of the class file's constant pool. */
  static List<String> utf8Entries(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file (no 0xCAFEBABE magic)");
    }
    in.readUnsignedShort(); // minor_version
    in.readUnsignedShort(); // major_version
    int count = in.readUnsignedShort();
    List<String> utf8 = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8.add(in.readUTF()); // Utf8: u2 length + modified UTF-8, exactly what readUTF reads
        case 7, 8, 16, 19, 20 -> in.skipNBytes(2); // Class, String, MethodType, Module, Package
        case 15 -> in.skipNBytes(3); // MethodHandle
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4); // Integer, Float, *ref, NameAndType, (Invoke)Dynamic
        case 5, 6 -> { // Long, Double: 8 bytes and two constant-pool slots
          in.skipNBytes(8);
          i++;
        }
        default -> throw new IOException("unknown constant-pool tag " + tag + " at index " + i);
      }
    }
    return utf8;
  }

  /**
   * The constant-pool entries of a class file that mention any of the given internal-name prefixes (such as
   * {@code "org/junit/"}): as a class name, inside a descriptor ({@code Lorg/junit/...;}) or a signature.
   */
  static TreeSet<String> mentionsOf(byte[] classFile, List<String> internalPrefixes) throws IOException {
    TreeSet<String> hits = new TreeSet<>();
    for (String entry : utf8Entries(classFile)) {
      for (String prefix : internalPrefixes) {
        if (entry.contains(prefix)) {
          hits.add(entry);
        }
      }
    }
    return hits;
  }
}
