using Bunit;
using Gateway.Admin.Ui.Forms;
using Gateway.Core.Validation;

namespace Gateway.Admin.Tests.Ui.Components;

/// <summary>
/// The validation messages of the admin forms as components (bunit): which error lands under which input, what the
/// summary above the form says, and the attributes that tie messages to inputs for screen readers.
/// </summary>
public class FormErrorComponentTests : BunitContext
{
    private static readonly string[] RouteFields = ["cluster", "path", "hosts"];

    [Fact]
    public void FieldError_ShowsTheMessagesOfItsOwnField_TiedToTheInputById()
    {
        var errors = FormErrors.From(
            [new ValidationError("routes[api].cluster", "Cluster 'apii' does not exist; create it or name one of: 'api'."),
             new ValidationError("routes[api].hosts[2]", "'*.*.example.com' is not a host name.")],
            RouteFields, "routes[api]");

        var cluster = Render<FieldError>(p => p.Add(c => c.Errors, errors).Add(c => c.Field, "cluster"));
        var hosts = Render<FieldError>(p => p.Add(c => c.Errors, errors).Add(c => c.Field, "hosts"));
        var path = Render<FieldError>(p => p.Add(c => c.Errors, errors).Add(c => c.Field, "path"));

        var message = cluster.Find("div.field-error");
        Assert.Equal("error-cluster", message.Id);
        Assert.Equal("alert", message.GetAttribute("role"));
        Assert.Equal("Cluster 'apii' does not exist; create it or name one of: 'api'.", message.TextContent.Trim());
        // A list item's error goes to the list's input.
        Assert.Equal("'*.*.example.com' is not a host name.", hosts.Find("#error-hosts").TextContent.Trim());
        Assert.Empty(path.Markup.Trim());
    }

    [Fact]
    public void ErrorSummary_PointsAtTheFields_WhenEveryErrorHasAnInput()
    {
        var errors = FormErrors.From([new ValidationError("routes[api].path", "The route template is not valid.")], RouteFields, "routes[api]");

        var summary = Render<ErrorSummary>(p => p.Add(c => c.Errors, errors));

        Assert.Equal("Nothing was staged: please correct the fields marked below.", summary.Find("[role=alert] p").TextContent.Trim());
        Assert.Empty(summary.FindAll("li"));
    }

    [Fact]
    public void ErrorSummary_ListsErrorsNoInputOwns_WithTheirPath_AndLineForRules()
    {
        var errors = FormErrors.From(
            [new ValidationError("listeners[web].rules", "Unknown fetch 'hdrx'.", Line: 2, Column: 14),
             new ValidationError("routes[api].cluster", "Cluster 'apii' does not exist.")],
            RouteFields, "routes[api]");

        var summary = Render<ErrorSummary>(p => p.Add(c => c.Errors, errors));

        Assert.Equal("Nothing was staged:", summary.Find("[role=alert] p").TextContent.Trim());
        Assert.Equal(["listeners[web].rules: Line 2, column 14: Unknown fetch 'hdrx'."], summary.FindAll("li").Select(li => li.TextContent));
    }

    [Fact]
    public void ErrorSummary_RendersNothing_WithoutErrors()
    {
        var summary = Render<ErrorSummary>(p => p.Add(c => c.Errors, FormErrors.None));

        Assert.Empty(summary.Markup.Trim());
    }
}
