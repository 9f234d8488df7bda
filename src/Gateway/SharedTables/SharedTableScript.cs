using Gateway.Core.StickTables;
using StackExchange.Redis;

namespace Gateway.SharedTables;

/// <summary>
/// One Redis round trip for a chunk of a shared table's entries: adds what this node counted and reads back the
/// cluster's counts, in a Lua script so each entry's read-modify-write is atomic among the nodes.
/// </summary>
/// <remarks>
/// An entry is a hash (<c>{prefix}{table}:{key}</c>) that lives for the table's expiry after its last update.
/// A counter is one field, its cluster total (HINCRBY). A rate is HAProxy's freq_ctr kept in three fields
/// (<c>{type}:t</c> the period's number since the Unix epoch, <c>:c</c> its count, <c>:p</c> the previous period's),
/// rotated by whichever node first counts in a new period; periods start at the same instants on every node.
/// </remarks>
internal static class SharedTableScript
{
    // KEYS: one hash per entry. ARGV[1]: key lifetime in ms; ARGV[2]: n, the shared types; ARGV[3..2+n]: their
    // field names; ARGV[3+n..2+2n]: 'c' (counter) or 'r' (rate); then, per entry and type, three numbers as
    // SharedStickBatch lays them out. Returns three numbers per entry and type, likewise.
    public const string Text = """
        local ttl = tonumber(ARGV[1])
        local n = tonumber(ARGV[2])
        local out = {}
        local at = 3 + 2 * n
        for k = 1, #KEYS do
          local key = KEYS[k]
          local wrote = false
          for i = 1, n do
            local field = ARGV[2 + i]
            local period = tonumber(ARGV[at])
            local added = tonumber(ARGV[at + 1])
            local addedBefore = tonumber(ARGV[at + 2])
            at = at + 3
            if ARGV[2 + n + i] == 'c' then
              local total
              if added ~= 0 then
                total = redis.call('HINCRBY', key, field, added)
                wrote = true
              else
                total = tonumber(redis.call('HGET', key, field) or '0')
              end
              out[#out + 1] = 0
              out[#out + 1] = total
              out[#out + 1] = 0
            else
              local v = redis.call('HMGET', key, field .. ':t', field .. ':c', field .. ':p')
              local t = tonumber(v[1] or '0')
              local cur = tonumber(v[2] or '0')
              local prev = tonumber(v[3] or '0')
              if t < period then
                if t == period - 1 then prev = cur else prev = 0 end
                cur = 0
                t = period
              end
              if added ~= 0 or addedBefore ~= 0 then
                if t == period then
                  cur = cur + added
                  prev = prev + addedBefore
                elseif t == period + 1 then
                  prev = prev + added
                end
                redis.call('HSET', key, field .. ':t', t, field .. ':c', cur, field .. ':p', prev)
                wrote = true
              end
              out[#out + 1] = t
              out[#out + 1] = cur
              out[#out + 1] = prev
            end
          end
          if wrote then redis.call('PEXPIRE', key, ttl) end
        end
        return out
        """;

    /// <summary>The arguments before the entries' numbers: lifetime, the shared types' field names and kinds.</summary>
    public static List<RedisValue> Header(StickTableSchema schema, TimeSpan lifetime)
    {
        var header = new List<RedisValue> { (long)lifetime.TotalMilliseconds, schema.SharedData.Count };
        header.AddRange(schema.SharedData.Select(d => (RedisValue)d.ToString()));
        header.AddRange(schema.SharedData.Select(d => (RedisValue)(StickDataTypes.IsRate(d.Type) ? "r" : "c")));
        return header;
    }

    /// <summary>
    /// How long an entry's hash lives after its last update: the table's expiry, else <paramref name="fallback"/>;
    /// never less than two of its longest period, which a rate reads.
    /// </summary>
    public static TimeSpan Lifetime(StickTableSchema schema, TimeSpan fallback)
    {
        var longest = schema.SharedData.Where(d => StickDataTypes.IsRate(d.Type)).Select(d => d.Period).DefaultIfEmpty(TimeSpan.Zero).Max();
        var lifetime = schema.Expire ?? fallback;
        return lifetime < 2 * longest ? 2 * longest : lifetime;
    }
}
