using Gateway.Core.Rules.Actions;
using Gateway.Core.Rules.Fetches;
using Gateway.Core.Rules.Matching;
using Gateway.Core.Rules.Primitives;


namespace Gateway.Core.Rules.Syntax;

/// <summary>
/// Parses a scope's rules text, one statement per line, and reports every line that cannot be
/// parsed with its line, column, the token found and what was expected.
/// </summary>
internal static class RuleParser
{
    public static RuleParseResult Parse(string? text, FetchCatalog? fetches = null)
    {
        fetches ??= FetchCatalog.Default;
        var acls = new List<AclStatement>();
        var rules = new List<RuleStatement>();
        var diagnostics = new List<RuleDiagnostic>();
        var warnings = new List<RuleDiagnostic>();
        var lines = (text ?? "").Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            try
            {
                var tokens = RuleLexer.Split(lines[n].TrimEnd('\r'), n + 1);
                if (tokens.Count > 0)
                {
                    new LineParser(tokens, n + 1, fetches, warnings).Parse(acls, rules);
                }
            }
            catch (RuleSyntaxException ex)
            {
                diagnostics.Add(ex.Diagnostic);
            }
        }

        return new RuleParseResult(diagnostics.Count == 0 ? new RuleSet(acls.ToValueList(), rules.ToValueList()) : null, diagnostics) { Warnings = warnings };
    }

    /// <summary>Parses text known to be valid (tests, built-in definitions); throws on the first error.</summary>
    public static RuleSet ParseValid(string text, FetchCatalog? fetches = null)
    {
        var result = Parse(text, fetches);
        return result.RuleSet ?? throw new RuleSyntaxException(result.Diagnostics[0]);
    }

    private sealed class LineParser(List<RuleToken> tokens, int line, FetchCatalog fetches, List<RuleDiagnostic> warnings)
    {
        private int _next;

        public void Parse(List<AclStatement> acls, List<RuleStatement> rules)
        {
            var first = Take("acl, http-request, http-response, tcp-request or use_backend");
            var position = At(first);
            if (first.Is("acl"))
            {
                var name = Take("an ACL name");
                CheckAclName(name);
                var criterion = ParseCriterion(stopAtBrace: false);
                acls.Add(new AclStatement(name.Text, criterion, position));
                return;
            }

            RulePhase phase;
            if (first.Is("http-request"))
            {
                phase = RulePhase.HttpRequest;
            }
            else if (first.Is("http-response"))
            {
                phase = RulePhase.HttpResponse;
            }
            else if (first.Is("tcp-request"))
            {
                var kind = Take("connection");
                if (!kind.Is("connection"))
                {
                    throw Error(kind, $"Only 'tcp-request connection' rules are supported; found 'tcp-request {kind.Text}'.", "connection");
                }

                phase = RulePhase.TcpConnection;
            }
            else if (first.Is("use_backend"))
            {
                // HAProxy's frontend keyword, accepted as a shorthand for http-request use-backend.
                _next--;
                tokens[_next] = new RuleToken("use-backend", first.Column, false);
                phase = RulePhase.HttpRequest;
            }
            else
            {
                throw Error(first, $"A line starts with acl, http-request, http-response, tcp-request or use_backend; found '{first.Text}'.", "acl, http-request, http-response, tcp-request or use_backend");
            }

            var action = ParseAction(phase);
            var condition = _next < tokens.Count ? ParseCondition() : null;
            rules.Add(new RuleStatement(phase, action, condition, position));
        }

        private ActionCall ParseAction(RulePhase phase)
        {
            var expected = ActionSyntaxTable.NamesFor(phase);
            var token = Take("an action (" + expected + ")");
            var name = token.Text;
            string? parameter = null;
            var open = name.IndexOf('(', StringComparison.Ordinal);
            if (open > 0 && name.EndsWith(')'))
            {
                parameter = name[(open + 1)..^1];
                name = name[..open];
            }

            if (token.Quoted || !ActionSyntaxTable.TryGet(name, out var syntax) || !syntax.Phases.Contains(phase))
            {
                var hint = token.Quoted ? $"An action is written without quotes; found \"{name}\""
                    : ActionSyntaxTable.TryGet(name, out _)
                    ? $"'{name}' is not available in {phase.Keyword()} rules"
                    : $"Unknown action '{name}'{NameSuggestions.Suggest(name, ActionSyntaxTable.Names)}";
                throw Error(token, $"{hint}; {phase.Keyword()} takes {expected}.", expected);
            }

            if (syntax.HasParameter != (parameter is not null))
            {
                throw Error(token, syntax.HasParameter ? $"Write the action as {syntax.Usage}." : $"'{name}' takes no parameter in parentheses; write {syntax.Usage}.", syntax.Usage);
            }

            var arguments = new List<ActionArgument>();
            while (arguments.Count < syntax.MaxArguments && _next < tokens.Count)
            {
                var next = tokens[_next];
                if (arguments.Count >= syntax.MinArguments && (IsConditionStart(next) || (!next.Quoted && syntax.Option(next.Text) is not null)))
                {
                    break;
                }

                if (IsConditionStart(next))
                {
                    throw Error(next, $"'{name}' needs {syntax.MinArguments} argument{(syntax.MinArguments == 1 ? "" : "s")} before the condition: {syntax.Usage}.", syntax.Usage);
                }

                arguments.Add(Argument(Take("")));
            }

            if (arguments.Count < syntax.MinArguments)
            {
                throw Error(null, $"'{name}' needs {syntax.MinArguments} argument{(syntax.MinArguments == 1 ? "" : "s")}: {syntax.Usage}.", syntax.Usage);
            }

            if (arguments.Count != syntax.MinArguments && arguments.Count != syntax.MaxArguments)
            {
                throw Error(null, $"'{name}' takes {syntax.MinArguments} or {syntax.MaxArguments} arguments: {syntax.Usage}.", syntax.Usage);
            }

            var options = ParseOptions(syntax);
            return new ActionCall(name, parameter, arguments.ToValueList(), options, At(token));
        }

        private ValueList<ActionOption> ParseOptions(ActionSyntax syntax)
        {
            var options = new List<(int Order, ActionOption Option)>();
            while (_next < tokens.Count && !IsConditionStart(tokens[_next]))
            {
                var token = tokens[_next];
                var option = token.Quoted ? null : syntax.Option(token.Text);
                if (option is null)
                {
                    var expected = syntax.Options.Length == 0 ? "if, unless or the end of the line" : string.Join(", ", syntax.Options.Select(o => o.Name)) + ", if or unless";
                    throw Error(token, $"Unexpected '{token.Text}' after the arguments of '{syntax.Name}': {syntax.Usage}.", expected);
                }

                _next++;
                if (!option.Repeatable && options.Any(o => o.Option.Name == option.Name))
                {
                    throw Error(token, $"The option '{option.Name}' is given twice.", "each option once");
                }

                var values = new List<ActionArgument>();
                for (var v = 0; v < option.Values; v++)
                {
                    values.Add(Argument(Take($"a value for '{option.Name}'")));
                }

                options.Add((Array.IndexOf(syntax.Options, option), new ActionOption(option.Name, values.ToValueList())));
            }

            return options.OrderBy(o => o.Order).Select(o => o.Option).ToValueList();
        }

        private Condition ParseCondition()
        {
            var keyword = Take("if or unless");
            if (!keyword.Is("if") && !keyword.Is("unless"))
            {
                throw Error(keyword, $"Expected if or unless; found '{keyword.Text}'.", "if or unless");
            }

            // HAProxy 2.6 loads an empty condition ('if' alone, 'if !'), a dangling '||' and a
            // '!' before nothing, and an empty condition never holds ('unless' alone always does).
            // We load them as HAProxy does, each with a warning, so pasted configurations load.
            var alternatives = new List<ValueList<ConditionTerm>>();
            var terms = new List<ConditionTerm>();
            var negate = false;
            RuleToken? negation = null;
            while (_next < tokens.Count)
            {
                var token = tokens[_next];
                if (token.Is("||") || token.Is("or"))
                {
                    if (terms.Count == 0 || negate)
                    {
                        Warn(token, $"'{token.Text}' follows no ACL; HAProxy ignores it, and so do we.");
                        negate = false;
                    }
                    else
                    {
                        alternatives.Add(terms.ToValueList());
                        terms = [];
                    }

                    _next++;
                    continue;
                }

                if (token.Is("!"))
                {
                    _next++;
                    negate = !negate;
                    negation = token;
                    continue;
                }

                if (token.Is("{") || (!token.Quoted && token.Text == "!{"))
                {
                    // HAProxy also reads '!{' (no space) as a negated anonymous ACL.
                    _next++;
                    var criterion = ParseCriterion(stopAtBrace: true);
                    Take("}");
                    terms.Add(new ConditionTerm(negate != (token.Text == "!{"), null, criterion, At(token)));
                }
                else if (token.Is("}"))
                {
                    throw Error(token, "This '}' closes nothing.", "an ACL name or { … }");
                }
                else
                {
                    _next++;
                    var name = token.Text;
                    var prefixed = !token.Quoted && name.StartsWith('!');
                    var acl = prefixed ? new RuleToken(name[1..], token.Column + 1, false) : token;
                    CheckAclName(acl);
                    terms.Add(new ConditionTerm(negate != prefixed, acl.Text, null, At(token)));
                }

                negate = false;
            }

            if (negate)
            {
                Warn(negation, "'!' is followed by no ACL; HAProxy ignores it, and so do we.");
            }

            if (terms.Count > 0)
            {
                alternatives.Add(terms.ToValueList());
            }

            if (alternatives.Count == 0)
            {
                Warn(keyword, $"'{keyword.Text}' is followed by no ACL: as in HAProxy, the condition never holds, so the rule {(keyword.Is("unless") ? "always runs" : "never runs")}.");
            }

            return new Condition(keyword.Is("unless"), alternatives.ToValueList());
        }

        private Criterion ParseCriterion(bool stopAtBrace)
        {
            var expressionToken = Take("a fetch, e.g. path or hdr(host)");
            var position = At(expressionToken);
            var expression = SampleExpressionParser.Parse(expressionToken.Text, line, expressionToken.Column);
            var (fetch, shorthand) = ResolveFetch(expression.Fetch);
            expression = expression with { Fetch = fetch };

            var ignoreCase = false;
            var endOfFlags = false;
            MatchMethod? method = shorthand;
            while (_next < tokens.Count && !tokens[_next].Quoted && tokens[_next].Text.StartsWith('-') && tokens[_next].Text.Length > 1)
            {
                var flag = Take("");
                if (flag.Text == "--")
                {
                    endOfFlags = true;
                    break;
                }

                switch (flag.Text)
                {
                    case "-i":
                        ignoreCase = true;
                        break;
                    case "-n":
                        break;
                    case "-m":
                        var name = Take("a match method (" + MethodNames + ")");
                        if (!Matching.MatcherFactory.TryParse(name.Text, out var parsed))
                        {
                            throw Error(name, $"Unknown match method '{name.Text}'.", MethodNames);
                        }

                        if (shorthand is not null && parsed != shorthand)
                        {
                            throw Error(flag, $"'{expressionToken.Text}' already says how to match; drop -m or write the plain fetch.", "patterns");
                        }

                        method = parsed;
                        break;
                    case "-f":
                        throw Error(flag, "Pattern files are not supported; write the patterns on the line, or put them in a map.", "-i, -m or patterns");
                    default:
                        throw Error(flag, $"Unknown flag '{flag.Text}'.", "-i, -m <method>, -n or --");
                }
            }

            var patterns = new List<string>();
            while (_next < tokens.Count && !(stopAtBrace && tokens[_next].Is("}")))
            {
                var token = tokens[_next];
                if (!stopAtBrace && IsConditionStart(token))
                {
                    throw Error(token, "An acl line has no condition; use the ACL in a rule's condition instead.", "patterns or the end of the line");
                }

                patterns.Add(Take("").Text);
            }

            var resolved = method ?? (fetches.TryGet(fetch.Name, out var definition) ? definition.DefaultMethod : MatchMethod.Str);
            var needsPatterns = Matching.MatcherFactory.NeedsPatterns(resolved);
            if (needsPatterns && patterns.Count == 0 && !endOfFlags)
            {
                // HAProxy loads it with a warning and it never matches; '--' says it is meant.
                Warn(expressionToken, $"'{expressionToken.Text}' has no pattern, so it never matches (as in HAProxy). Add patterns, -m found to test that a value is present, or '--' to say no pattern is meant.");
            }

            if (!needsPatterns && patterns.Count > 0)
            {
                throw Error(expressionToken, $"-m {Matching.MatcherFactory.Name(resolved)} takes no patterns; found '{patterns[0]}'.", "no patterns");
            }

            return new Criterion(expression, resolved, ignoreCase, patterns.ToValueList(), position);
        }

        /// <summary>Resolves HAProxy's alternative names (req.hdr, cook) and shorthands (path_beg, hdr_dom) to a fetch and a method.</summary>
        private (SampleCall Fetch, MatchMethod? Method) ResolveFetch(SampleCall call)
        {
            if (fetches.TryGet(call.Name, out var known))
            {
                return (call with { Name = known.Name }, null);
            }

            var underscore = call.Name.LastIndexOf('_');
            if (underscore > 0 && fetches.TryGet(call.Name[..underscore], out var baseFetch))
            {
                var suffix = call.Name[(underscore + 1)..];
                if (suffix == "val" && Matching.MatcherFactory.TryParse("int", out var integer))
                {
                    return (call with { Name = baseFetch.Name }, integer);
                }

                if (Matching.MatcherFactory.TryParse(suffix, out var method))
                {
                    return (call with { Name = baseFetch.Name }, method);
                }
            }

            return (call, null);
        }

        private static readonly System.Buffers.SearchValues<char> AclNameCharacters =
            System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-");

        private static string MethodNames => string.Join(", ", Enum.GetValues<MatchMethod>().Select(Matching.MatcherFactory.Name));

        private static bool IsConditionStart(RuleToken token) => token.Is("if") || token.Is("unless");

        private void CheckAclName(RuleToken token)
        {
            if (token.Text.Length == 0 || token.Text.AsSpan().IndexOfAnyExcept(AclNameCharacters) >= 0 || token.Text.StartsWith('-') || token.Text == "or")
            {
                throw Error(token, $"'{token.Text}' is not an ACL name; names use letters, digits, '_', '.', ':' and '-'.", "an ACL name");
            }
        }

        private RuleToken Take(string expected)
        {
            if (_next < tokens.Count)
            {
                return tokens[_next++];
            }

            throw Error(null, expected.Length == 0 ? "The line ends too early." : $"Expected {expected}; the line ends here.", expected);
        }

        private void Warn(RuleToken? token, string message) =>
            warnings.Add(new RuleDiagnostic(line, token?.Column ?? 1, message, token?.Text) { IsWarning = true });

        private ActionArgument Argument(RuleToken token) => new(token.Text, At(token));

        private SourcePosition At(RuleToken token) => new(line, token.Column);

        /// <summary>An error at a token, or at the end of the line when there is none.</summary>
        private RuleSyntaxException Error(RuleToken? token, string message, string expected)
        {
            var column = token?.Column ?? (tokens.Count == 0 ? 1 : tokens[^1].Column + tokens[^1].Text.Length + (tokens[^1].Quoted ? 2 : 0));
            return new(new RuleDiagnostic(line, column, message, token?.Text ?? "end of line", expected));
        }
    }
}

/// <summary>The parsed rules, or null with every diagnostic when any line is wrong.</summary>
internal sealed record RuleParseResult(RuleSet? RuleSet, IReadOnlyList<RuleDiagnostic> Diagnostics)
{
    /// <summary>Lines HAProxy accepts with a warning, and so do we (an empty condition, an ACL without patterns…).</summary>
    public IReadOnlyList<RuleDiagnostic> Warnings { get; init; } = [];
}
