using Gateway.Core.Configuration;
using Gateway.Core.StickTables;

namespace Gateway.Core.Validation;

internal static class StickTableValidator
{
    public static void Validate(IReadOnlyList<StickTableConfig> tables, ValidationErrors errors)
    {
        IdRules.Check(tables, t => t.Id, "stickTables", "stick table", errors);
        for (var i = 0; i < tables.Count; i++)
        {
            var path = ValidationErrors.EntityPath("stickTables", tables[i].Id, i);
            var problems = new List<(string Field, string Message)>();
            StickTableSchema.TryCreate(tables[i], problems);
            foreach (var (field, message) in problems)
            {
                errors.Add($"{path}.{field}", message);
            }
        }
    }
}
