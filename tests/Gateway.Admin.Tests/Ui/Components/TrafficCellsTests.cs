using Bunit;
using Gateway.Admin.Ui.Controls;
using Gateway.Admin.Ui.Services;

namespace Gateway.Admin.Tests.Ui.Components;

/// <summary>The overview's counter cells: counts always, rates once the live overview has two readings.</summary>
public class TrafficCellsTests : BunitContext
{
    [Fact]
    public void WithoutRates_CountsShow_AndRatesAreADash()
    {
        var cells = Render<TrafficCells>(p => p.Add(c => c.Kind, "route").Add(c => c.Row, new TrafficView("api", 12_345, 7, "backend")));

        Assert.Equal(["12,345", "–", "7", "–"], cells.FindAll("td").Select(td => td.TextContent));
        Assert.Equal(["route:api:requests", "route:api:requestRate", "route:api:serverErrors", "route:api:serverErrorRate"], cells.FindAll("td").Select(td => td.GetAttribute("data-stat")));
    }

    [Fact]
    public void WithRates_ShowsThemPerSecond_WithOneDecimal()
    {
        var cells = Render<TrafficCells>(p => p
            .Add(c => c.Kind, "cluster")
            .Add(c => c.Row, new TrafficView("api", 3, 0, null))
            .Add(c => c.Rates, (1234.56, 0.0)));

        Assert.Equal(["3", "1,234.6", "0", "0.0"], cells.FindAll("td").Select(td => td.TextContent));
    }
}
