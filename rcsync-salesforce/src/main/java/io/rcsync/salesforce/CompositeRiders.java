package io.rcsync.salesforce;

import java.util.List;
import java.util.function.Consumer;

/**
 * Subrequests that ride in the free slots of another port's {@code POST /composite} call, so work that would cost its
 * own API call costs none: the case directory's lookup call carries the Note sink's existence lookups and its describe
 * of the Note object ({@link SalesforceAdapters} wires both ports on one of these).
 *
 * <p>A composite call holds at most 25 subrequests, of which at most 5 are sObject Collections or query operations;
 * an sObject Describe is an sObject resource and does not count toward the 5 ("Send Multiple Requests Using
 * Composite": https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-composite-post.html).
 * The carrier asks {@link #take} for at most its free slots of each kind and hands every ride its own subresponse;
 * when the carrier's call fails as a whole, rides it took get no answer, and their source must then do the work
 * itself (a source never relies on a ride being answered).
 */
final class CompositeRiders {
  /**
   * One subrequest and where its answer goes.
   *
   * @param url the subrequest's url ({@code /services/data/vXX.X/...}), always a GET
   * @param queryOperation true when it counts toward the 5 query or Collections operations (a query), false for an
   *     sObject resource such as describe
   * @param answer called once with the subresponse (status and body), on the carrier's thread
   */
  record Ride(String url, boolean queryOperation, Consumer<SalesforceHttp.Response> answer) {}

  /** Who has rides to offer: the Note sink. */
  interface Source {
    /**
     * Rides for one carrier call; each one handed out is the source's to forget (it is answered or lost).
     *
     * @param querySlots the most rides with {@code queryOperation} true
     * @param otherSlots the most rides with {@code queryOperation} false
     */
    List<Ride> take(int querySlots, int otherSlots);

    /** Drops everything queued and learned (a new run starts). */
    void reset();
  }

  private volatile Source source;

  /** Makes {@code s} the one source rides come from (the ports' latest Note sink). */
  void register(Source s) {
    this.source = s;
  }

  /** Rides for one carrier call, within the free slots; empty when no source is registered. */
  List<Ride> take(int querySlots, int otherSlots) {
    Source s = source;
    if (s == null || (querySlots <= 0 && otherSlots <= 0)) {
      return List.of();
    }
    return s.take(Math.max(0, querySlots), Math.max(0, otherSlots));
  }

  /** A new run: the source drops what it queued and learned in the last one. */
  void reset() {
    Source s = source;
    if (s != null) {
      s.reset();
    }
  }
}
