using Gateway.Admin.Ui.Services.Conflicts;

namespace Gateway.Admin.Tests.Ui.Services;

public class StagedDiffHeadingTests
{
    [Fact]
    public void StagedOnTheLiveRevision_SaysLive_AndNeedsNoNote()
    {
        var heading = new StagedDiffHeading(4, 4);

        Assert.True(heading.AgainstLive);
        Assert.Equal("Difference from revision 4 (live)", heading.Title);
        Assert.Null(heading.Note);
        Assert.Equal("Revision 4 (live)", heading.OlderTitle);
        Assert.Equal("Pending changes against the live revision 4", heading.Caption);
        Assert.Equal("2 staged changes", heading.StagedTitle(2));
    }

    [Fact]
    public void AfterSomeoneElsesCommit_NamesTheRevisionTheChangesWereStagedOn_NotAsLive_AndTheLiveOne()
    {
        var heading = new StagedDiffHeading(4, 6);

        Assert.False(heading.AgainstLive);
        Assert.Equal("Difference from revision 4, the one your changes were staged on", heading.Title);
        Assert.StartsWith("Revision 6 is live now.", heading.Note, StringComparison.Ordinal);
        Assert.Contains("rebase onto revision 6", heading.Note, StringComparison.Ordinal);
        Assert.Equal("Revision 4 (not live)", heading.OlderTitle);
        Assert.DoesNotContain("live revision", heading.Caption, StringComparison.Ordinal);
        Assert.Equal("1 staged change on revision 4", heading.StagedTitle(1));
    }
}
