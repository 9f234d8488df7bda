using System.IO.Compression;
using System.Text;

namespace Gateway.Admin.Store;

/// <summary>Brotli (the BCL's) for stored revision documents and patches: canonical JSON compresses about tenfold.</summary>
internal static class DocumentCompression
{
    public static byte[] Compress(string text)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            brotli.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    public static string Decompress(byte[] data)
    {
        using var input = new MemoryStream(data);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(brotli, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
