package io.rcsync.core.report;

/**
 * What happened to the MMS media of a run's texts (issue 12), per extension and in total. Counted once per attachment
 * (a group text's file is one file however many Notes it is shared with), only for texts whose Note was written or
 * found (a text whose Note failed is retried with its media by the next run).
 *
 * <p>Every media attachment lands in exactly one outcome: in a real run
 * {@code media = copied + alreadyStored + overLimit + typeRefused + failed + unavailable + skipped}; in a dry run
 * {@code media = wouldCopy + alreadyStored + overLimit + typeRefused + failed + unavailable + skipped}
 * ({@code copied} is 0). {@code linksMoved} is not an outcome: it counts links changed on files of any outcome.
 *
 * @param media MMS media attachments ({@code type MmsAttachment}) of the texts whose Notes exist
 * @param copied files uploaded to Salesforce Files and linked to the Note and its Matter/Intake
 * @param bytesCopied the bytes of the copied files, as streamed
 * @param alreadyStored files an earlier run stored (found by key {@code rc_att_{messageId}_{attachmentId}}); missing
 *     links to the Note or Matter/Intake are repaired
 * @param overLimit refused by policy: larger than {@code attachments.maxBytes} (by the listed size, or while streamed)
 * @param typeRefused refused by policy: content type not in {@code attachments.contentTypes}
 * @param failed not copied (or not linked) for a reason a retry can cure (connection, rate limit, RingCentral or
 *     Salesforce 5xx, a link that failed, run stopped): the text's extension keeps its watermark / Message Sync
 *     checkpoint so the next run copies it
 * @param unavailable can never be copied (RingCentral refused the download with a 4xx such as 404/410 for purged
 *     content or 403; Salesforce refused the file permanently, e.g. STRING_TOO_LONG): listed with its reason, the run
 *     exits 1, but the watermark / checkpoint moves on (re-reading cannot cure it)
 * @param skipped not copied because copying is off ({@code attachments.enabled=false}) or rcsync was built without an
 *     {@code AttachmentSource} or {@code FileStore}
 * @param wouldCopy dry run: files a real run would upload
 * @param wouldCopyBytes dry run: the listed sizes of those files, in bytes (the ones with a listed size)
 * @param sizeUnknown dry run: files a real run would upload whose size the message store does not list
 * @param linksMoved links to a Matter/Intake changed because staff moved the file's Note to another record: each link
 *     made to the Note's current record and each link removed from a record none of the text's Notes points to any
 *     more counts one
 */
public record FileCounts(
    long media,
    long copied,
    long bytesCopied,
    long alreadyStored,
    long overLimit,
    long typeRefused,
    long failed,
    long skipped,
    long wouldCopy,
    long wouldCopyBytes,
    long sizeUnknown,
    long unavailable,
    long linksMoved) {

  public static final FileCounts ZERO = new FileCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** The counts without an unavailable file or a moved link (the figures before those existed). */
  public FileCounts(long media, long copied, long bytesCopied, long alreadyStored, long overLimit, long typeRefused,
      long failed, long skipped, long wouldCopy, long wouldCopyBytes, long sizeUnknown) {
    this(media, copied, bytesCopied, alreadyStored, overLimit, typeRefused, failed, skipped, wouldCopy, wouldCopyBytes,
        sizeUnknown, 0, 0);
  }

  /** Files refused by {@code attachments.*} policy: overLimit + typeRefused. */
  public long refused() {
    return overLimit + typeRefused;
  }

  /** Every media attachment is in exactly one outcome. */
  public boolean balanced() {
    return media == copied + wouldCopy + alreadyStored + overLimit + typeRefused + failed + unavailable + skipped;
  }

  public FileCounts plus(FileCounts o) {
    return new FileCounts(media + o.media, copied + o.copied, bytesCopied + o.bytesCopied, alreadyStored + o.alreadyStored,
        overLimit + o.overLimit, typeRefused + o.typeRefused, failed + o.failed, skipped + o.skipped,
        wouldCopy + o.wouldCopy, wouldCopyBytes + o.wouldCopyBytes, sizeUnknown + o.sizeUnknown,
        unavailable + o.unavailable, linksMoved + o.linksMoved);
  }
}
