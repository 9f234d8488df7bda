using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Admin.Store;

/// <summary>
/// The last revision a node applied, kept beside it (<c>last-applied.json</c> in the folder of
/// <c>Gateway:Database:Path</c>), so a node of a shared store can start while the database is unreachable. It holds
/// the canonical document and the certificate keys it needs, still encrypted with Data Protection (the node keeps a
/// copy of the shared key ring in the same folder). Written owner-only, replaced atomically.
/// </summary>
internal sealed record LocalSnapshot(long Revision, string Document, IReadOnlyDictionary<string, string> ProtectedKeys)
{
    public const string FileName = "last-applied.json";

    public static string PathFor(GatewayDatabase database) => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(database.FilePath)!, FileName);

    public void Save(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, this, LocalSnapshotJson.Default.LocalSnapshot);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public static LocalSnapshot? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, LocalSnapshotJson.Default.LocalSnapshot);
    }
}

[JsonSerializable(typeof(LocalSnapshot))]
internal sealed partial class LocalSnapshotJson : JsonSerializerContext;
