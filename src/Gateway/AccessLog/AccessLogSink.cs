using System.Text;

namespace Gateway.AccessLog;

/// <summary>
/// Where lines go: standard output, or a file rotated by size (<c>access.log</c>, <c>access.log.1</c>…).
/// Lines are encoded into one reused buffer and written in batches of whole lines (a write per batch, not per line:
/// standard output is unbuffered, so a write per line would be a system call per request). A batch never splits a
/// line, so another writer of the same standard output (the console logger) cannot land in the middle of one.
/// </summary>
internal abstract class AccessLogSink : IDisposable
{
    private const int BatchBytes = 64 * 1024;
    private readonly byte[] _batch = new byte[BatchBytes];
    private int _used;

    public static AccessLogSink Open(AccessLogOptions options) =>
        string.IsNullOrWhiteSpace(options.Path) ? new StandardOutputSink() : new RotatingFileSink(options.Path, options.MaxFileBytes, options.MaxFiles);

    public void WriteLine(string line)
    {
        var size = Encoding.UTF8.GetByteCount(line) + 1;
        BeforeLine(size);
        if (size > BatchBytes - _used)
        {
            Flush();
        }

        if (size > BatchBytes)
        {
            // A line longer than a batch (a huge target): written on its own.
            var bytes = Encoding.UTF8.GetBytes(line + "\n");
            Write(bytes);
            return;
        }

        _used += Encoding.UTF8.GetBytes(line, _batch.AsSpan(_used));
        _batch[_used++] = (byte)'\n';
    }

    /// <summary>Writes the lines batched so far.</summary>
    public void Flush()
    {
        if (_used > 0)
        {
            Write(_batch.AsSpan(0, _used));
            _used = 0;
        }

        FlushStream();
    }

    public void Dispose()
    {
        Flush();
        DisposeStream();
    }

    /// <summary>Bytes batched and not yet written.</summary>
    protected int Pending => _used;

    /// <summary>Called before a line of <paramref name="bytes"/> (its newline included) is batched.</summary>
    protected virtual void BeforeLine(int bytes)
    {
    }

    /// <summary>Writes whole lines (never part of one).</summary>
    protected abstract void Write(ReadOnlySpan<byte> lines);

    protected abstract void FlushStream();

    protected abstract void DisposeStream();

    private sealed class StandardOutputSink : AccessLogSink
    {
        private readonly Stream _stdout = Console.OpenStandardOutput();

        protected override void Write(ReadOnlySpan<byte> lines) => _stdout.Write(lines);

        protected override void FlushStream() => _stdout.Flush();

        protected override void DisposeStream() => _stdout.Dispose();
    }

    private sealed class RotatingFileSink : AccessLogSink
    {
        private readonly string _path;
        private readonly long _maxBytes;
        private readonly int _maxFiles;
        private FileStream _file;

        public RotatingFileSink(string path, long maxBytes, int maxFiles)
        {
            _path = Path.GetFullPath(path);
            _maxBytes = Math.Max(4096, maxBytes);
            _maxFiles = Math.Max(0, maxFiles);
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            _file = OpenFile();
        }

        protected override void BeforeLine(int bytes)
        {
            // A line that would take the file past its size goes to the next file (a single line longer than the
            // limit fills a file alone).
            var length = _file.Length + Pending;
            if (length + bytes > _maxBytes && length > 0)
            {
                Flush();
                Rotate();
            }
        }

        protected override void Write(ReadOnlySpan<byte> lines) => _file.Write(lines);

        protected override void FlushStream() => _file.Flush();

        protected override void DisposeStream() => _file.Dispose();

        // Unbuffered: the sink batches whole lines itself.
        private FileStream OpenFile() => new(_path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);

        private void Rotate()
        {
            _file.Dispose();
            if (_maxFiles == 0)
            {
                File.Delete(_path);
            }
            else
            {
                File.Delete($"{_path}.{_maxFiles}");
                for (var i = _maxFiles - 1; i >= 1; i--)
                {
                    if (File.Exists($"{_path}.{i}"))
                    {
                        File.Move($"{_path}.{i}", $"{_path}.{i + 1}");
                    }
                }

                File.Move(_path, $"{_path}.1");
            }

            _file = OpenFile();
        }
    }
}
