namespace Gateway.Admin.Store.Rows;

/// <summary>An API token, kept as a hash only. Deleting its owner deletes it.</summary>
internal sealed class ApiTokenRow
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public long OwnerId { get; set; }

    /// <summary>SHA-256 of the token, hex. Tokens are 256-bit random values, so a fast hash is enough.</summary>
    public required string Hash { get; set; }

    /// <summary>The token's first characters, so a person can tell tokens apart in a list.</summary>
    public required string Prefix { get; set; }

    public required string Role { get; set; }

    public required string CreatedUtc { get; set; }

    public string? ExpiresUtc { get; set; }

    public string? RevokedUtc { get; set; }
}
