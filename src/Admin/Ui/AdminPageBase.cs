using System.Security.Claims;
using Gateway.Admin.Ui.Security;
using Gateway.Admin.Ui.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Gateway.Admin.Ui;

/// <summary>
/// What every admin page needs: who is signed in and what they may do, and the document they are editing
/// (the live one plus their staged changes). Pages read it in <see cref="Load"/>, which runs on every request
/// (GET or form POST), before any form handler.
/// </summary>
public abstract class AdminPageBase : ComponentBase
{
    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    // Present while rendering statically on the server; null were the page ever rendered interactively.
    [CascadingParameter] private Microsoft.AspNetCore.Http.HttpContext? HttpContext { get; set; }

    [Inject] private protected PendingChanges Pending { get; private set; } = default!;

    [Inject] private protected NavigationManager Navigation { get; private set; } = default!;

    protected ClaimsPrincipal User { get; private set; } = new();

    protected string Author => User.Identity?.Name ?? "";

    /// <summary>Editors and admins get forms; viewers get the same pages without them (and their posts are refused).</summary>
    protected bool CanEdit => UserRoles.CanEdit(User);

    private protected PendingState State { get; private set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        User = AuthenticationState is null ? new() : (await AuthenticationState).User;
        State = Pending.State(Author);
        Load();
    }

    /// <summary>Reads what the page shows from <see cref="State"/>.</summary>
    protected virtual void Load()
    {
    }

    /// <summary>After a successful post: the page again, by GET, so a reload does not post twice.</summary>
    protected void Redirect(string relative) => Navigation.NavigateTo(relative);

    /// <summary>The response status for a page that shows a refusal or a missing entity (403, 404, 422).</summary>
    protected void SetStatus(int status)
    {
        if (HttpContext is { Response.HasStarted: false } context)
        {
            context.Response.StatusCode = status;
        }
    }

    /// <summary>Path segment for an id in a link.</summary>
    protected static string Segment(string id) => Uri.EscapeDataString(id);

    /// <summary>Re-reads the document after staging, for a page that renders again instead of redirecting.</summary>
    protected void Reload()
    {
        State = Pending.State(Author);
        Load();
    }
}
