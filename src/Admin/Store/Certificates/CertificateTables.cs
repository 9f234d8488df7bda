using Gateway.Admin.Store.Rows;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Admin.Store.Certificates;

/// <summary>The model of the certificate tables (schema step 8).</summary>
internal static class CertificateTables
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CertificateRow>(e =>
        {
            e.ToTable("certificates");
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).HasColumnName("id").UseCollation("NOCASE");
            e.Property(c => c.Certificate).HasColumnName("certificate");
            e.Property(c => c.Thumbprint).HasColumnName("thumbprint");
        });

        modelBuilder.Entity<ListenerCertificateRow>(e =>
        {
            e.ToTable("listener_certificates");
            e.HasKey(l => new { l.ListenerId, l.CertificateId });
            e.Property(l => l.ListenerId).HasColumnName("listener_id").UseCollation("NOCASE");
            e.Property(l => l.CertificateId).HasColumnName("certificate_id").UseCollation("NOCASE");
            e.Property(l => l.Position).HasColumnName("position");
            e.HasOne<CertificateRow>().WithMany().HasForeignKey(l => l.CertificateId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<CertificateKeyRow>(e =>
        {
            e.ToTable("certificate_keys");
            e.HasKey(k => k.Thumbprint);
            e.Property(k => k.Thumbprint).HasColumnName("thumbprint");
            e.Property(k => k.ProtectedKey).HasColumnName("protected_key");
            e.Property(k => k.CreatedUtc).HasColumnName("created_utc");
        });
    }

    /// <summary>Schema step 8: certificates, the listeners that present them, and their encrypted keys.</summary>
    public const string Migration = """
        ALTER TABLE "listeners" ADD "strict_sni" INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE "certificates" (
            "id" TEXT COLLATE NOCASE NOT NULL CONSTRAINT "PK_certificates" PRIMARY KEY,
            "certificate" TEXT NOT NULL,
            "thumbprint" TEXT NOT NULL
        );
        CREATE TABLE "listener_certificates" (
            "listener_id" TEXT COLLATE NOCASE NOT NULL,
            "certificate_id" TEXT COLLATE NOCASE NOT NULL,
            "position" INTEGER NOT NULL,
            CONSTRAINT "PK_listener_certificates" PRIMARY KEY ("listener_id", "certificate_id"),
            CONSTRAINT "FK_listener_certificates_certificates_certificate_id" FOREIGN KEY ("certificate_id") REFERENCES "certificates" ("id") ON DELETE RESTRICT,
            CONSTRAINT "FK_listener_certificates_listeners_listener_id" FOREIGN KEY ("listener_id") REFERENCES "listeners" ("id") ON DELETE CASCADE
        );
        CREATE INDEX "IX_listener_certificates_certificate_id" ON "listener_certificates" ("certificate_id");
        CREATE TABLE "certificate_keys" (
            "thumbprint" TEXT NOT NULL CONSTRAINT "PK_certificate_keys" PRIMARY KEY,
            "protected_key" TEXT NOT NULL,
            "created_utc" TEXT NOT NULL
        );
        """;
}
