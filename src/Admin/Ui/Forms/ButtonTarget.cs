namespace Gateway.Admin.Ui.Forms;

/// <summary>What a row's button posts as its value: <c>name|choice</c>, split on the last bar.</summary>
internal static class ButtonTarget
{
    /// <summary>The name and the choice, or null when the value is not a name, a bar and a defined <typeparamref name="TChoice"/>.</summary>
    public static (string Name, TChoice Choice)? Parse<TChoice>(string? target) where TChoice : struct, Enum
    {
        var bar = target?.LastIndexOf('|') ?? -1;
        return bar > 0 && Enum.TryParse<TChoice>(target![(bar + 1)..], ignoreCase: true, out var choice) && Enum.IsDefined(choice)
            ? (target[..bar], choice)
            : null;
    }
}
