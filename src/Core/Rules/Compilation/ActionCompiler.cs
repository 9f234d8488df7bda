using System.Globalization;
using Gateway.Core.Rules.Actions;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.Rules.Syntax;

namespace Gateway.Core.Rules.Compilation;

/// <summary>Builds an action from its parsed call, checking what the parser cannot: numbers, names, regexes, formats.</summary>
internal sealed class ActionCompiler(ActionCall call, RulePhase phase, RuleCompileContext context, bool allowUseBackend)
{
    private PhaseSet Phases => phase.ToSet();

    public RuleAction Compile() => call.Name switch
    {
        "accept" or "allow" => AllowAction.Instance,
        "reject" => RejectAction.Instance,
        "deny" => new DenyAction(RuleResponseKind.Deny, Status("deny_status", phase == RulePhase.HttpResponse ? 502 : 403), Option("content-type"), Body()),
        "tarpit" => new DenyAction(RuleResponseKind.Tarpit, Status("deny_status", 500), Option("content-type"), Body()),
        "return" => new ReturnAction(Status("status", 200), Option("content-type"), Body(), ReturnHeaders()),
        "redirect" => Redirect(),
        "set-header" => new HeaderAction(HeaderOperation.Set, IsResponse, HeaderName(0), Format(call.Arguments[1])),
        "add-header" => new HeaderAction(HeaderOperation.Add, IsResponse, HeaderName(0), Format(call.Arguments[1])),
        "del-header" => new HeaderAction(HeaderOperation.Delete, IsResponse, HeaderName(0), null),
        "replace-header" => new ReplaceHeaderAction(IsResponse, perValue: false, HeaderName(0), Regex(call.Arguments[1]), Format(call.Arguments[2])),
        "replace-value" => new ReplaceHeaderAction(IsResponse, perValue: true, HeaderName(0), Regex(call.Arguments[1]), Format(call.Arguments[2])),
        "set-path" => new SetRequestPartAction(RequestPart.Path, Format(call.Arguments[0])),
        "set-query" => new SetRequestPartAction(RequestPart.Query, Format(call.Arguments[0])),
        "set-method" => new SetRequestPartAction(RequestPart.Method, Format(call.Arguments[0])),
        "replace-path" => new ReplacePathAction(Regex(call.Arguments[0]), Format(call.Arguments[1])),
        "set-var" => SetVariable(),
        "use-backend" => UseBackend(),
        "set-status" => new SetStatusAction(Status(call.Arguments[0], 100), Option("reason")),
        "rewrite-location" => call.Arguments.Count == 2
            ? new RewriteLocationAction(Format(call.Arguments[0]), Format(call.Arguments[1]))
            : new RewriteLocationAction(null, null),
        _ => throw new RuleCompileException($"The action '{call.Name}' has no implementation.", call.Position, call.Name, "an action with an implementation"),
    };

    private bool IsResponse => phase == RulePhase.HttpResponse;

    private RedirectAction Redirect()
    {
        var kindText = call.Arguments[0];
        var kind = kindText.Text switch
        {
            "location" => RedirectKind.Location,
            "prefix" => RedirectKind.Prefix,
            "scheme" => RedirectKind.Scheme,
            _ => throw new RuleCompileException($"redirect takes location, prefix or scheme; found '{kindText.Text}'.", kindText.Position, kindText.Text, "location, prefix or scheme"),
        };

        var code = OptionArgument("code") is { } codeArgument ? Integer(codeArgument) : 302;
        if (code is not (301 or 302 or 303 or 307 or 308))
        {
            throw new RuleCompileException($"A redirect code is 301, 302, 303, 307 or 308; found {code}.", OptionArgument("code")!.Position, OptionArgument("code")!.Text, "301, 302, 303, 307 or 308");
        }

        return new RedirectAction(kind, Format(call.Arguments[1]), code, call.Options.Any(o => o.Name == "drop-query"));
    }

    private SetVariableAction SetVariable()
    {
        var name = call.Parameter!;
        if (!Variables.IsValidName(name))
        {
            throw new RuleCompileException(Variables.NameRule(name), call.Position, name, Variables.Expected);
        }

        var argument = call.Arguments[0];
        SampleExpression expression;
        try
        {
            expression = SampleExpressionParser.Parse(argument.Text, argument.Position.Line, argument.Position.Column);
        }
        catch (RuleSyntaxException ex)
        {
            throw new RuleCompileException(ex.Diagnostic.Message, new(ex.Diagnostic.Line, ex.Diagnostic.Column), ex.Diagnostic.Found, ex.Diagnostic.Expected);
        }

        return new SetVariableAction(name, SampleCompiler.Compile(expression, Phases, context));
    }

    private UseBackendAction UseBackend()
    {
        var argument = call.Arguments[0];
        if (!allowUseBackend)
        {
            throw new RuleCompileException("use-backend belongs in a listener's or a route's rules; a cluster's rules run after the cluster is chosen.", call.Position, call.Name, "an action other than use-backend");
        }

        var format = Format(argument);
        if (!argument.Text.Contains("%[", StringComparison.Ordinal) && !context.HasCluster(argument.Text))
        {
            var known = string.Join(", ", context.Clusters.Order(StringComparer.Ordinal).Select(c => $"'{c}'"));
            throw new RuleCompileException($"There is no cluster '{argument.Text}'" + (known.Length == 0 ? "." : $"; clusters: {known}."), argument.Position, argument.Text, known.Length == 0 ? "a cluster" : known);
        }

        return new UseBackendAction(format);
    }

    private IReadOnlyList<(string, CompiledFormat)> ReturnHeaders() =>
        [.. call.Options.Where(o => o.Name == "hdr").Select(o => (CheckedHeaderName(o.Values[0]), Format(o.Values[1])))];

    private CompiledFormat? Body()
    {
        var literal = OptionArgument("string");
        var format = OptionArgument("lf-string");
        if (literal is not null && format is not null)
        {
            throw new RuleCompileException("Give either string (literal text) or lf-string (a format), not both.", format.Position, format.Text, "string or lf-string, not both");
        }

        return literal is not null ? new CompiledFormat([literal.Text], literal.Text)
            : format is not null ? Format(format)
            : null;
    }

    private string HeaderName(int index) => CheckedHeaderName(call.Arguments[index]);

    private static string CheckedHeaderName(ActionArgument argument) =>
        HeaderSafety.IsValidName(argument.Text)
            ? argument.Text
            : throw new RuleCompileException($"'{argument.Text}' is not a header name; names are letters, digits and !#$%&'*+-.^_`|~.", argument.Position, argument.Text, "a header name");

    private int Status(string option, int fallback) =>
        OptionArgument(option) is { } argument ? Status(argument, 200) : fallback;

    private static int Status(ActionArgument argument, int minimum)
    {
        var status = Integer(argument);
        return status >= minimum && status <= 599
            ? status
            : throw new RuleCompileException($"A status code here is between {minimum} and 599; found {status}.", argument.Position, argument.Text, $"a status code from {minimum} to 599");
    }

    private static int Integer(ActionArgument argument) =>
        int.TryParse(argument.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new RuleCompileException($"Expected a number; found '{argument.Text}'.", argument.Position, argument.Text, "a number");

    private string? Option(string name) => OptionArgument(name)?.Text;

    private ActionArgument? OptionArgument(string name) => call.Options.FirstOrDefault(o => o.Name == name) is { Values.Count: > 0 } option ? option.Values[0] : null;

    private CompiledFormat Format(ActionArgument argument) => FormatCompiler.Compile(argument, Phases, context);

    private static System.Text.RegularExpressions.Regex Regex(ActionArgument argument)
    {
        try
        {
            return RuleRegex.Create(argument.Text, ignoreCase: false);
        }
        catch (RuleCompileException ex)
        {
            throw ex.At(argument.Position);
        }
    }
}
