using System.Collections.Concurrent;

namespace Gateway.RequestObservation;

/// <summary>
/// Per route, a ring of one-second buckets (requests, 5xx answers, a fixed-bucket duration histogram),
/// fed by <see cref="RequestMetrics"/> for every request on either forwarding path. The meter's own
/// histogram is cumulative and lives in the exporter; a guard needs "this minute against the minutes
/// before" in-process, which is what this keeps and nothing more.
/// </summary>
/// <remarks>
/// Bounded: <see cref="RingSeconds"/> buckets of <see cref="BucketBoundsMs"/>+2 ints per route, and at most
/// <see cref="MaxRoutes"/> routes (route ids come from configuration; past the cap new ids are not kept).
/// A request costs a dictionary lookup (none while a thread records the same route again, or when the request recorder
/// keeps the ring) and one interlocked increment (two for a 5xx); a bucket is cleared under the ring's lock once, by the
/// first request of its second.
/// </remarks>
internal sealed class RouteTrafficWindow : IRouteTraffic
{
    public const int RingSeconds = 300;
    public const int MaxRoutes = 1024;

    /// <summary>Upper bounds (ms) of the duration buckets; one more bucket holds everything longer.</summary>
    internal static readonly double[] BucketBoundsMs = [1, 2, 5, 10, 20, 50, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000, 30000];

    [ThreadStatic]
    private static LastRoute? t_last;

    private readonly ConcurrentDictionary<string, Ring> _routes = new(StringComparer.Ordinal);

    public long Now => Environment.TickCount64 / 1000;

    public int Seconds => RingSeconds;

    public void Record(string? route, int status, TimeSpan duration)
    {
        if (route is null)
        {
            return;
        }

        // The route a thread recorded last, by reference (ids are the configuration's strings): no hashing while it repeats.
        var last = t_last ??= new LastRoute();
        Ring? ring;
        if (last.Ring is not null && ReferenceEquals(last.Window, this) && ReferenceEquals(last.Route, route))
        {
            ring = last.Ring;
        }
        else
        {
            ring = RingOf(route);
            if (ring is null)
            {
                return;
            }

            (last.Window, last.Route, last.Ring) = (this, route, ring);
        }

        RecordInto(ring, status, duration);
    }

    /// <summary>
    /// The route's ring, made on its first request; null past <see cref="MaxRoutes"/> routes. Rings are never dropped, so a
    /// caller may keep the ring and record into it with <see cref="RecordInto"/> (what the request
    /// recorder does, once per series).
    /// </summary>
    internal Ring? RingOf(string route)
    {
        if (!_routes.TryGetValue(route, out var ring))
        {
            if (_routes.Count >= MaxRoutes)
            {
                return null;
            }

            ring = _routes.GetOrAdd(route, static _ => new Ring());
        }

        return ring;
    }

    internal void RecordInto(Ring ring, int status, TimeSpan duration) =>
        ring.Record(Now, status >= 500 && status < 600, BucketOf(duration.TotalMilliseconds));

    public RouteTrafficSummary Sum(string routeId, long first, long last) =>
        _routes.TryGetValue(routeId, out var ring) ? ring.Sum(Math.Max(first, Now - RingSeconds + 1), Math.Min(last, Now)) : default;

    private static int BucketOf(double ms)
    {
        var i = Array.BinarySearch(BucketBoundsMs, ms);
        return i >= 0 ? i : ~i;
    }

    /// <summary>The route a thread recorded last and its ring.</summary>
    private sealed class LastRoute
    {
        public RouteTrafficWindow? Window;
        public string? Route;
        public Ring? Ring;
    }

    internal sealed class Ring
    {
        private static readonly int Width = BucketBoundsMs.Length + 1;

        // Per slot: [0] 5xx, [1..] duration buckets (their sum is the slot's requests). Stamps say which second a slot holds.
        private static readonly int Stride = 1 + Width;

        private readonly int[] _counts = new int[RingSeconds * Stride];
        private readonly long[] _stamps = CreateStamps();
        private readonly Lock _reset = new();

        private static long[] CreateStamps()
        {
            var stamps = new long[RingSeconds];
            Array.Fill(stamps, long.MinValue);
            return stamps;
        }

        public void Record(long second, bool serverError, int bucket)
        {
            var slot = (int)(second % RingSeconds);
            if (Volatile.Read(ref _stamps[slot]) != second)
            {
                lock (_reset)
                {
                    if (_stamps[slot] != second)
                    {
                        // Clear first, then stamp: a writer that sees the new stamp counts into a clean slot.
                        Array.Clear(_counts, slot * Stride, Stride);
                        Volatile.Write(ref _stamps[slot], second);
                    }
                }
            }

            var at = slot * Stride;
            if (serverError)
            {
                Interlocked.Increment(ref _counts[at]);
            }

            Interlocked.Increment(ref _counts[at + 1 + bucket]);
        }

        public RouteTrafficSummary Sum(long from, long to)
        {
            long requests = 0, errors = 0;
            var histogram = new long[Width];
            for (var second = from; second <= to; second++)
            {
                var slot = (int)(second % RingSeconds);
                if (Volatile.Read(ref _stamps[slot]) != second)
                {
                    continue;
                }

                var at = slot * Stride;
                errors += Volatile.Read(ref _counts[at]);
                for (var b = 0; b < Width; b++)
                {
                    var count = Volatile.Read(ref _counts[at + 1 + b]);
                    histogram[b] += count;
                    requests += count;
                }
            }

            return new RouteTrafficSummary(requests, errors, P99(histogram, requests));
        }

        private static TimeSpan? P99(long[] histogram, long requests)
        {
            if (requests == 0)
            {
                return null;
            }

            var rank = (long)Math.Ceiling(requests * 0.99);
            long seen = 0;
            for (var b = 0; b < histogram.Length; b++)
            {
                seen += histogram[b];
                if (seen >= rank)
                {
                    // The last bucket has no upper bound: report its lower one (the longest bound kept).
                    return TimeSpan.FromMilliseconds(BucketBoundsMs[Math.Min(b, BucketBoundsMs.Length - 1)]);
                }
            }

            return TimeSpan.FromMilliseconds(BucketBoundsMs[^1]);
        }
    }
}
