using System.Globalization;

namespace Gateway.Admin.Ui.Services;

/// <summary>How the certificate pages write dates: UTC, to the minute, the same in every browser.</summary>
internal static class CertificateText
{
    public static string Date(DateTimeOffset? value) =>
        value is { } date ? date.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "unknown";
}
