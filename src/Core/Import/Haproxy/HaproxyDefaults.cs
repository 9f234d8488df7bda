using Gateway.Core.Configuration;

namespace Gateway.Core.Import.Haproxy;

/// <summary>What a <c>defaults</c> section sets for the proxies after it.</summary>
internal sealed record HaproxyDefaults
{
    public string Mode { get; init; } = "http";
    public int? MaxConnections { get; init; }
    public TimeSpan? Client { get; init; }
    public TimeSpan? Server { get; init; }
    public TimeSpan? Connect { get; init; }
    public TimeSpan? Queue { get; init; }
    public TimeSpan? Tarpit { get; init; }
    public TimeSpan? Check { get; init; }
    public TimeSpan? HttpKeepAlive { get; init; }
    public TimeSpan? HttpRequest { get; init; }
    public string? Balance { get; init; }
    public int? Retries { get; init; }
    public bool? Redispatch { get; init; }

    public static HaproxyDefaults Read(HaproxySection section, List<HaproxyImportNote> notes)
    {
        var defaults = new HaproxyDefaults();
        foreach (var line in section.Lines)
        {
            var w = line.Words;
            var next = defaults;
            switch (line.Keyword)
            {
                case "mode" when w.Count == 2 && w[1] is "http" or "tcp":
                    next = defaults with { Mode = w[1] };
                    break;
                case "maxconn" when HaproxyValues.Integer(w.ElementAtOrDefault(1)) is { } max:
                    next = defaults with { MaxConnections = max };
                    break;
                case "balance" when w.Count >= 2 && HaproxyBackendLines.Balance(w[1]) is not null:
                    next = defaults with { Balance = w[1] };
                    break;
                case "retries" when HaproxyValues.Integer(w.ElementAtOrDefault(1)) is { } retries:
                    next = defaults with { Retries = retries };
                    break;
                case "option" when w.Count == 2 && w[1] == "redispatch":
                    next = defaults with { Redispatch = true };
                    break;
                case "no" when w.Count == 3 && w[1] == "option" && w[2] == "redispatch":
                    next = defaults with { Redispatch = false };
                    break;
                case "timeout" when w.Count == 3 && HaproxyValues.Duration(w[2]) is { } duration:
                    next = w[1] switch
                    {
                        "client" => defaults with { Client = duration },
                        "server" => defaults with { Server = duration },
                        "connect" => defaults with { Connect = duration },
                        "queue" => defaults with { Queue = duration },
                        "tarpit" => defaults with { Tarpit = duration },
                        "check" => defaults with { Check = duration },
                        "http-keep-alive" => defaults with { HttpKeepAlive = duration },
                        "http-request" => defaults with { HttpRequest = duration },
                        _ => defaults,
                    };
                    break;
            }

            if (ReferenceEquals(next, defaults))
            {
                notes.Add(new(line.Number, line.Text, HaproxyUnsupported.Reason(line)));
            }
            else if (line.Keyword == "timeout" && line.Words[1] == "client")
            {
                notes.Add(new(line.Number, line.Text, "The idle timeout of TCP listeners; for HTTP listeners only the wait between requests when neither 'timeout http-keep-alive' nor 'timeout http-request' is set (HAProxy's order), Kestrel's own limits bounding the rest."));
                defaults = next;
            }
            else
            {
                defaults = next;
            }
        }

        return defaults;
    }
}
