using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Gateway.Ui.Tests.Infrastructure;

/// <summary>
/// What a page did that a test needs to check afterwards: the dialogs it opened (each answered as
/// <see cref="AcceptDialogs"/> says when it opens) and the POST requests it sent.
/// </summary>
public sealed class PageEvents
{
    private readonly ConcurrentQueue<string> _dialogs = new();
    private readonly ConcurrentQueue<string> _posts = new();

    private PageEvents()
    {
    }

    /// <summary>Yes or no to the next dialogs; no unless told.</summary>
    public bool AcceptDialogs { get; set; }

    public IReadOnlyList<string> Dialogs => [.. _dialogs];

    /// <summary>The URLs POSTed to, in order.</summary>
    public IReadOnlyList<string> Posts => [.. _posts];

    public static PageEvents Watch(IPage page)
    {
        var events = new PageEvents();
        page.Dialog += (_, dialog) =>
        {
            events._dialogs.Enqueue(dialog.Message);
            _ = events.AcceptDialogs ? dialog.AcceptAsync() : dialog.DismissAsync();
        };
        page.Request += (_, request) =>
        {
            if (request.Method == "POST")
            {
                events._posts.Enqueue(request.Url);
            }
        };
        return events;
    }
}
