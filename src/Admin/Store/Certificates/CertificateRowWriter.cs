using Gateway.Admin.Store.Rows;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;

namespace Gateway.Admin.Store.Certificates;

/// <summary>The certificate rows of a commit, in <see cref="EntityRowWriter"/>'s order and with its prepared statements.</summary>
internal static class CertificateRowWriter
{
    public static void WriteAddedAndChanged(EntityRowWriter.Statements sql, IEnumerable<EntityChange> changes, GatewayConfig after)
    {
        foreach (var change in changes.Where(c => c.Kind != ChangeKind.Removed))
        {
            var row = EntityRows.ToRow(after.Certificates.First(c => c.Id.Equals(change.Id, StringComparison.OrdinalIgnoreCase)));
            sql.Run(change.Kind == ChangeKind.Added
                ? "INSERT INTO certificates (id, certificate, thumbprint) VALUES (@id, @certificate, @thumbprint);"
                : "UPDATE certificates SET certificate = @certificate, thumbprint = @thumbprint WHERE id = @id;",
                ("@id", row.Id), ("@certificate", row.Certificate), ("@thumbprint", row.Thumbprint));
        }
    }

    /// <summary>A listener's certificates and strict-SNI flag, after its own row is written.</summary>
    public static void WriteListenerCertificates(EntityRowWriter.Statements sql, ListenerRow listener)
    {
        sql.Run("UPDATE listeners SET strict_sni = @strict WHERE id = @id;", ("@id", listener.Id), ("@strict", listener.StrictSni));
        sql.Run("DELETE FROM listener_certificates WHERE listener_id = @id;", ("@id", listener.Id));
        foreach (var binding in listener.Certificates)
        {
            sql.Run("INSERT INTO listener_certificates (listener_id, certificate_id, position) VALUES (@listener, @certificate, @position);",
                ("@listener", binding.ListenerId), ("@certificate", binding.CertificateId), ("@position", binding.Position));
        }
    }

    public static void WriteRemoved(EntityRowWriter.Statements sql, IEnumerable<EntityChange> changes)
    {
        foreach (var change in changes.Where(c => c.Kind == ChangeKind.Removed))
        {
            sql.Run("DELETE FROM certificates WHERE id = @id;", ("@id", change.Id));
        }
    }
}
