using Gateway.Admin.Store.Rows;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;

namespace Gateway.Admin.Store.Certificates;

/// <summary>The certificate rows of a commit, in <see cref="EntityRowWriter"/>'s order and with its prepared statements.</summary>
internal static class CertificateRowWriter
{
    public static async Task WriteAddedAndChangedAsync(EntityRowWriter.Statements sql, IEnumerable<EntityChange> changes, GatewayConfig after, CancellationToken cancellationToken)
    {
        foreach (var change in changes.Where(c => c.Kind != ChangeKind.Removed))
        {
            var row = EntityRows.ToRow(after.Certificates.First(c => c.Id.Equals(change.Id, StringComparison.OrdinalIgnoreCase)));
            await sql.RunAsync(change.Kind == ChangeKind.Added
                ? "INSERT INTO certificates (id, certificate, thumbprint) VALUES (@id, @certificate, @thumbprint);"
                : "UPDATE certificates SET certificate = @certificate, thumbprint = @thumbprint WHERE id = @id;",
                ("@id", row.Id), ("@certificate", row.Certificate), ("@thumbprint", row.Thumbprint));
        }
    }

    /// <summary>A listener's certificates and strict-SNI flag, after its own row is written.</summary>
    public static async Task WriteListenerCertificatesAsync(EntityRowWriter.Statements sql, ListenerRow listener, CancellationToken cancellationToken)
    {
        await sql.RunAsync("UPDATE listeners SET strict_sni = @strict WHERE id = @id;", ("@id", listener.Id), ("@strict", listener.StrictSni));
        await sql.RunAsync("DELETE FROM listener_certificates WHERE listener_id = @id;", ("@id", listener.Id));
        foreach (var binding in listener.Certificates)
        {
            await sql.RunAsync("INSERT INTO listener_certificates (listener_id, certificate_id, position) VALUES (@listener, @certificate, @position);",
                ("@listener", binding.ListenerId), ("@certificate", binding.CertificateId), ("@position", binding.Position));
        }
    }

    public static async Task WriteRemovedAsync(EntityRowWriter.Statements sql, IEnumerable<EntityChange> changes, CancellationToken cancellationToken)
    {
        foreach (var change in changes.Where(c => c.Kind == ChangeKind.Removed))
        {
            await sql.RunAsync("DELETE FROM certificates WHERE id = @id;", ("@id", change.Id));
        }
    }
}
