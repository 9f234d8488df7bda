using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using Gateway.Backends;
using Gateway.Core.Rules.Runtime;
using Gateway.Http;
using Gateway.Http1.Parsing;
using Gateway.Http1.Proxy;

namespace Gateway.Tests.Http1;

/// <summary>
/// The objects the HTTP/1.1 core reuses from request to request come back from their reset as a new one is: every field
/// is made dirty (whatever a request could have left there, including fields added later), reset, and compared with a
/// new object's. A field that must survive the reset is named here, with the reason.
/// </summary>
public class RequestContextResetTests
{
    [Fact]
    public void RuleSession_Reset_LeavesEveryFieldAsANewSessionHasIt()
    {
        var exchange = new Http1RuleExchange(new RequestHead(), new ResponseHead());
        var used = new RuleSession(exchange);
        Dirty(used, "<Exchange>k__BackingField", "<Trace>k__BackingField", "_variables");
        used.SetVariable("txn.a", Core.Rules.Primitives.Sample.FromText("x"));
        used.Reset();
        AssertLikeNew(new RuleSession(exchange), used,
            "<Exchange>k__BackingField", "<Trace>k__BackingField", // given at construction: the same exchange for every request
            "_candidateBuffer", "_lookupBuffer"); // scratch space, filled before each read
        Assert.Empty(used.Variables);
    }

    [Fact]
    public void GatewayRuleState_Clear_LeavesEveryFieldAsANewStateHasIt()
    {
        var exchange = new Http1RuleExchange(new RequestHead(), new ResponseHead());
        var used = GatewayRuleState.Reusable(exchange);
        Dirty(used, "<Session>k__BackingField");
        used.Session.SetVariable("txn.a", Core.Rules.Primitives.Sample.FromText("x"));
        used.Clear();
        AssertLikeNew(GatewayRuleState.Reusable(exchange), used, "<Session>k__BackingField"); // its own reset is checked above
        Assert.Empty(used.Session.Variables);
    }

    [Fact]
    public void Http1RuleExchange_Clear_ForgetsTheClientAndTheServer()
    {
        var (request, response) = (new RequestHead(), new ResponseHead());
        var used = new Http1RuleExchange(request, response);
        used.Start(new Http1ClientInfo(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 5000), null, true, "example.test", null));
        Dirty(used, "<request>P", "<response>P");
        used.Clear();
        AssertLikeNew(new Http1RuleExchange(request, response), used, "<request>P", "<response>P"); // the context's heads, reset by the parser
        Assert.Null(used.ClientAddress);
    }

    [Fact]
    public void Http1ForwardHost_Clear_LeavesEveryFieldAsANewHostHasIt()
    {
        var (request, response) = (new RequestHead(), new ResponseHead());
        var rules = GatewayRuleState.Reusable(new Http1RuleExchange(request, response));
        var memo = new RequestMemo();
        var used = new Http1ForwardHost(request, response, rules, memo);
        used.SetStickyCookie("srv=s1");
        used.Completed(used.SummaryToFill);
        Dirty(used, "_request", "_response", "_summary", "<rules>P", "_memo");
        Dirty(used.SummaryToFill);
        used.Clear();
        AssertLikeNew(new Http1ForwardHost(request, response, rules, memo), used,
            "_request", "_response", "<rules>P", // the context's heads and rule state, reset on their own
            "_memo", // the context's memo of lookups, kept across requests on purpose
            "_summary"); // its own object, reset in place: checked below
        AssertLikeNew(new ForwardSummary(), used.SummaryToFill);
        Assert.Null(used.Summary);
        Assert.Null(used.StickyCookie);
    }

    /// <summary>Sets every field not in <paramref name="except"/> to a value a new object does not have.</summary>
    private static void Dirty(object target, params string[] except)
    {
        foreach (var field in Fields(target.GetType()))
        {
            if (except.Contains(field.Name))
            {
                continue;
            }

            if (DirtyValue(field.FieldType) is { } value)
            {
                field.SetValue(target, value);
            }
            else
            {
                Assert.Fail($"{target.GetType().Name}.{field.Name}: no dirty value for {field.FieldType}; teach this test one");
            }
        }
    }

    private static object? DirtyValue(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return DirtyValue(underlying);
        }

        if (type == typeof(string))
        {
            return "dirty";
        }

        if (type == typeof(bool))
        {
            return true;
        }

        if (type.IsEnum)
        {
            return Enum.ToObject(type, 3);
        }

        if (type.IsPrimitive)
        {
            return Convert.ChangeType(7, type, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (type == typeof(TimeSpan))
        {
            return TimeSpan.FromSeconds(7);
        }

        if (type == typeof(CancellationToken))
        {
            return new CancellationToken(true);
        }

        if (type.IsArray)
        {
            return Array.CreateInstance(type.GetElementType()!, 3);
        }

        if (type.IsValueType)
        {
            // A struct (e.g. an attempt's result): every field of it dirty.
            var boxed = RuntimeHelpers.GetUninitializedObject(type);
            Dirty(boxed);
            return boxed;
        }

        if (type.IsInterface || type.IsAbstract)
        {
            // An implementation made without running its constructor: only its identity matters here.
            return InterfaceStandIns.TryGetValue(type, out var make) ? make() : null;
        }

        return RuntimeHelpers.GetUninitializedObject(type);
    }

    private static readonly Dictionary<Type, Func<object>> InterfaceStandIns = new()
    {
        [typeof(Yarp.ReverseProxy.LoadBalancing.ILoadBalancingPolicy)] = () => RuntimeHelpers.GetUninitializedObject(typeof(Gateway.LoadBalancing.WeightedRandomPolicy)),
        [typeof(IRuleExchange)] = () => new Http1RuleExchange(new RequestHead(), new ResponseHead()),
    };

    private static void AssertLikeNew(object fresh, object used, params string[] kept)
    {
        foreach (var field in Fields(fresh.GetType()))
        {
            if (kept.Contains(field.Name))
            {
                continue;
            }

            var (expected, actual) = (field.GetValue(fresh), field.GetValue(used));
            var same = expected is null || expected.GetType().IsValueType || expected is string
                ? Equals(expected, actual) || (expected is null && actual is ICollection { Count: 0 })
                : ReferenceEquals(expected, actual);
            Assert.True(same, $"{fresh.GetType().Name}.{field.Name} after the reset: {actual ?? "null"}, a new one has {expected ?? "null"}");
        }
    }

    private static IEnumerable<FieldInfo> Fields(Type type) =>
        type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
}
