namespace Gateway.Admin.Store.Accounts;

/// <summary>What an account may do: read; also change configuration; also manage users and tokens.</summary>
public enum AdminRole
{
    Viewer,
    Editor,
    Admin,
}
