using System.Security.Claims;
using Gateway.Admin.Ui.Security;
using Gateway.Admin.Ui.Services;
using Gateway.Admin.Ui.Services.RulesEditor;
using Gateway.Admin.Ui.Services.Simulation;
using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;
using Gateway.Core.Validation;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Gateway.Admin.Ui.Pages;

/// <summary>
/// The rules text of one scope (<c>?scope=route/api</c>), read from the person's pending document; Save checks it with
/// the store's compiler and stages it, Preview explains a sample request against it without staging anything.
/// </summary>
public partial class Rules
{
    private RuleScopeKind? _kind;
    private string _id = "";
    private string? _scopeProblem;
    private List<ValidationError> _saveErrors = [];
    private readonly List<ValidationError> _sampleErrors = [];
    private IReadOnlyList<string> _listeners = [];
    private RuleEditorView? _editor;
    private bool _saved;
    private RequestOutcome? _preview;
    private GatewayConfig _document = GatewayConfig.Empty;
    private ClaimsPrincipal _user = new();

    [Inject] internal PendingChanges Pending { get; init; } = default!;

    [Inject] internal RequestSimulator Simulator { get; init; } = default!;

    [Inject] internal RuleHitsReader HitsReader { get; init; } = default!;

    private RuleHitsView? _hits;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject] internal NavigationManager Navigation { get; init; } = default!;

    [SupplyParameterFromQuery(Name = "scope")] private string? ScopeQuery { get; set; }

    [SupplyParameterFromQuery(Name = "saved")] private int? SavedQuery { get; set; }

    [SupplyParameterFromForm(FormName = "rules")] private RulesForm? Form { get; set; }

    private string Selected => Form?.Scope ?? ScopeQuery ?? "";

    private bool CanEdit => UserRoles.CanEdit(_user);

    private IEnumerable<(string Group, RuleScopeKind Kind, IEnumerable<string> Ids)> Scopes =>
    [
        ("Listeners", RuleScopeKind.Listener, _document.Listeners.Select(l => l.Id)),
        ("Routes", RuleScopeKind.Route, _document.Routes.Select(r => r.Id)),
        ("Clusters", RuleScopeKind.Cluster, _document.Clusters.Select(c => c.Id)),
    ];

    private static string ScopeValue(RuleScopeKind kind, string id) => $"{RuleEditorCheck.Noun(kind)}/{id}";

    protected override async Task OnInitializedAsync()
    {
        _user = AuthenticationState is null ? new() : (await AuthenticationState).User;
        _document = Pending.State(_user.Identity?.Name ?? "").Document;
        _listeners = [.. _document.Listeners.Select(l => l.Id)];
        var isPost = Form is not null;
        _saved = !isPost && SavedQuery == 1;
        Form ??= new RulesForm();
        if (!TryScope(Selected, out var kind, out _id))
        {
            _scopeProblem = Selected.Length == 0 ? null : $"There is no scope '{Selected}' in your pending configuration; choose one from the list.";
            return;
        }

        _kind = kind;
        _hits = HitsReader.Read(kind, _id);
        if (!isPost)
        {
            _editor = RuleEditorView.Stored(_document, kind, _id);
            Form.Text = _editor.Text;
        }
    }

    private async Task SubmitAsync()
    {
        if (_kind is not { } kind)
        {
            return;
        }

        _editor = RuleEditorView.For(_document, kind, _id, Form!.Text);
        if (Form.Action == "preview")
        {
            _preview = await Simulator.PreviewRulesAsync(_document, kind, _id, Form.Text, Form.Sample, _sampleErrors);
            return;
        }

        if (!CanEdit)
        {
            _saveErrors = [new("", "Viewers cannot change the configuration; ask an admin for the editor role.")];
        }
        else if (!_editor.Check.IsValid)
        {
            _saveErrors = [new("", "The rules have problems (marked above); fix them and save again.")];
        }
        else
        {
            var staged = Pending.Stage(_user, [RuleEditorCheck.SetRules(_document, kind, _id, Form.Text)!]);
            if (staged.Succeeded)
            {
                // Post/redirect/get: the page and its pending bar are drawn again from what is now staged, and a
                // reload does not post the text again.
                Navigation.NavigateTo($"rules?scope={Uri.EscapeDataString(Selected)}&saved=1");
                return;
            }

            _saveErrors = [.. staged.Errors];
        }
    }

    private bool TryScope(string value, out RuleScopeKind kind, out string id)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        id = slash < 0 ? "" : value[(slash + 1)..];
        if (slash < 0 || !RuleEditorCheck.TryParseKind(value[..slash], out kind) || !RuleEditorCheck.ScopeExists(_document, kind, id))
        {
            kind = default;
            return false;
        }

        return true;
    }

    /// <summary>The rules page's form: the scope, the text, which button was pressed, and the sample request to preview.</summary>
    internal sealed class RulesForm
    {
        public string? Scope { get; set; }

        public string? Text { get; set; }

        public string? Action { get; set; }

        public SampleRequest Sample { get; set; } = new();
    }
}
