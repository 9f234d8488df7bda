namespace Gateway.Admin.Store.Accounts;

/// <summary>What an account may do: read; also change configuration; also manage users and tokens.</summary>
internal enum AdminRole
{
    Viewer,
    Editor,
    Admin,
}
