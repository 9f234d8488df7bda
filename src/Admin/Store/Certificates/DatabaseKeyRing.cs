using System.Xml.Linq;
using Gateway.Admin.Store.Rows;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Store.Certificates;

/// <summary>
/// The Data Protection key ring of a PostgreSQL store, in its <c>data_protection_keys</c> table, so every node encrypts
/// and decrypts certificate keys with the same keys. Written by hand rather than with
/// Microsoft.AspNetCore.DataProtection.EntityFrameworkCore, which resolves its context from the container, where the
/// store's contexts are not (they are opened per call by <see cref="GatewayDatabase"/>). Every key read or written
/// is also kept in the node's own key folder, so a node that starts while the database is unreachable can still
/// decrypt the keys of its local copy (<see cref="LocalSnapshot"/>).
/// </summary>
internal sealed class DatabaseKeyRing(GatewayDatabase database, FileSystemXmlRepository local) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        List<(string Name, string Xml)> rows;
        try
        {
            using var db = (PostgresStoreContext)database.CreateContext();
            rows = [.. db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => new { k.FriendlyName, k.Xml }).AsEnumerable().Select(k => (k.FriendlyName, k.Xml))];
        }
        catch (Exception ex) when (GatewayDatabase.IsUnreachable(ex))
        {
            return local.GetAllElements();
        }

        var known = local.GetAllElements().Select(e => (string?)e.Attribute("id")).ToHashSet(StringComparer.Ordinal);
        var elements = new List<XElement>(rows.Count);
        foreach (var (name, xml) in rows)
        {
            var element = XElement.Parse(xml);
            if (!known.Contains((string?)element.Attribute("id")))
            {
                local.StoreElement(element, name);
            }

            elements.Add(element);
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using (var db = (PostgresStoreContext)database.CreateContext())
        {
            db.DataProtectionKeys.Add(new DataProtectionKeyRow { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
            db.SaveChanges();
        }

        local.StoreElement(element, friendlyName);
    }

    /// <summary>Puts the ring in the database when the store is PostgreSQL; the folder <c>keys</c> beside the database path keeps the node's copy.</summary>
    internal sealed class Setup(GatewayDatabase database, ILoggerFactory loggers) : IPostConfigureOptions<KeyManagementOptions>
    {
        public void PostConfigure(string? name, KeyManagementOptions options)
        {
            if (database.IsPostgres)
            {
                var localFolder = Path.Combine(Path.GetDirectoryName(database.FilePath)!, "keys");
                options.XmlRepository = new DatabaseKeyRing(database, new FileSystemXmlRepository(Directory.CreateDirectory(localFolder), loggers));
            }
        }
    }
}
