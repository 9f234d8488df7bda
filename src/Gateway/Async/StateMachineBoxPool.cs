namespace Gateway.Async;

/// <summary>
/// Spare boxes of one state machine type: a small stack per thread, with no lock, in front of a shared one. Boxes are
/// rented and given back mostly on the socket engine's thread, so the thread's own stack serves nearly every request; the
/// shared stack takes what a thread's stack has no room for and gives it to a thread whose stack is empty.
/// </summary>
/// <remarks>
/// Bounded both ways: beyond <see cref="SharedCapacity"/> spare boxes (more calls in flight at once than that, then
/// finished together) a box is left to the GC and a new one made when needed, as without a pool. A spare box holds no
/// reference to any request: its state machine and context are cleared when it is given back.
/// </remarks>
internal static class StateMachineBoxPool<TBox>
    where TBox : class, new()
{
    private const int ThreadCapacity = 32;
    private const int SharedCapacity = 512;

    [ThreadStatic]
    private static TBox?[]? t_boxes;

    [ThreadStatic]
    private static int t_count;

    private static readonly Lock SharedLock = new();
    private static readonly TBox?[] Shared = new TBox?[SharedCapacity];
    private static int s_sharedCount;

    public static TBox Rent()
    {
        var boxes = t_boxes;
        if (boxes is not null && t_count > 0)
        {
            var box = boxes[--t_count]!;
            boxes[t_count] = null;
            return box;
        }

        lock (SharedLock)
        {
            if (s_sharedCount > 0)
            {
                var box = Shared[--s_sharedCount]!;
                Shared[s_sharedCount] = null;
                return box;
            }
        }

        return new TBox();
    }

    public static void Return(TBox box)
    {
        var boxes = t_boxes ??= new TBox?[ThreadCapacity];
        if (t_count < ThreadCapacity)
        {
            boxes[t_count++] = box;
            return;
        }

        lock (SharedLock)
        {
            if (s_sharedCount < SharedCapacity)
            {
                Shared[s_sharedCount++] = box;
            }
        }
    }
}
