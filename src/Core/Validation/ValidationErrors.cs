namespace Gateway.Core.Validation;

/// <summary>Collects errors and formats the paths they are reported under.</summary>
internal sealed class ValidationErrors
{
    private readonly List<ValidationError> _errors = [];

    public IReadOnlyList<ValidationError> Items => _errors;

    public ICollection<ValidationError> Collector => _errors;

    public void Add(string path, string message) => _errors.Add(new(path, message));

    /// <summary><c>routes[api]</c>, or <c>routes[#3]</c> when the entity has no usable id.</summary>
    public static string EntityPath(string collection, string? id, int index) =>
        string.IsNullOrWhiteSpace(id) ? $"{collection}[#{index}]" : $"{collection}[{id}]";
}
