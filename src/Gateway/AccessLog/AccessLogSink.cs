using System.Buffers;
using System.Text.Json;

namespace Gateway.AccessLog;

/// <summary>
/// Where lines go: standard output, or a file rotated by size (<c>access.log</c>, <c>access.log.1</c>…).
/// Records are formatted as UTF-8 straight into one reused batch and written a batch at a time (standard output is
/// unbuffered, so a write per line would be a system call per request). A batch holds whole lines only, so another
/// writer of the same standard output (the console logger) cannot land in the middle of one.
/// </summary>
internal abstract class AccessLogSink : IDisposable
{
    private const int BatchBytes = 64 * 1024;
    private readonly ArrayBufferWriter<byte> _batch = new(BatchBytes + 4096);
    private Utf8JsonWriter? _json;

    public static AccessLogSink Open(AccessLogOptions options) =>
        string.IsNullOrWhiteSpace(options.Path) ? new StandardOutputSink() : new RotatingFileSink(options.Path, options.MaxFileBytes, options.MaxFiles);

    /// <summary>Formats <paramref name="record"/> as one line at the end of the batch; writes the batch once it is full.</summary>
    public void WriteLine(AccessLogRecord record, bool json)
    {
        var before = _batch.WrittenCount;
        if (json)
        {
            if (_json is null)
            {
                _json = new Utf8JsonWriter(_batch);
            }
            else
            {
                _json.Reset(_batch);
            }

            AccessLogFormatter.WriteJson(record, _json);
            _json.Flush();
        }
        else
        {
            AccessLogFormatter.WriteText(record, _batch);
        }

        _batch.GetSpan(1)[0] = (byte)'\n';
        _batch.Advance(1);
        if (BeforeLine(_batch.WrittenCount - before, before))
        {
            // The file rotated: the lines before this one went to the old file, this one starts the new one.
            Write(_batch.WrittenSpan[..before]);
            Rotate();
            Write(_batch.WrittenSpan[before..]);
            _batch.ResetWrittenCount();
        }
        else if (_batch.WrittenCount >= BatchBytes)
        {
            Flush();
        }
    }

    /// <summary>Writes the lines batched so far.</summary>
    public void Flush()
    {
        if (_batch.WrittenCount > 0)
        {
            Write(_batch.WrittenSpan);
            _batch.ResetWrittenCount();
        }

        FlushStream();
    }

    public void Dispose()
    {
        Flush();
        _json?.Dispose();
        DisposeStream();
    }

    /// <summary>
    /// Called once a line of <paramref name="lineBytes"/> (newline included) is batched after <paramref name="pendingBytes"/>
    /// not yet written: true when the line must start a new file (the sink then writes the rest and calls <see cref="Rotate"/>).
    /// </summary>
    protected virtual bool BeforeLine(int lineBytes, int pendingBytes) => false;

    protected virtual void Rotate()
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
        private long _length;

        public RotatingFileSink(string path, long maxBytes, int maxFiles)
        {
            _path = Path.GetFullPath(path);
            _maxBytes = Math.Max(4096, maxBytes);
            _maxFiles = Math.Max(0, maxFiles);
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            _file = OpenFile();
        }

        // A line that would take the file past its size goes to the next file (a single line longer than the limit
        // fills a file alone).
        protected override bool BeforeLine(int lineBytes, int pendingBytes)
        {
            var length = _length + pendingBytes;
            return length + lineBytes > _maxBytes && length > 0;
        }

        protected override void Write(ReadOnlySpan<byte> lines)
        {
            if (!lines.IsEmpty)
            {
                _file.Write(lines);
                _length += lines.Length;
            }
        }

        // The file's length is counted here rather than asked of the file for every line (FileStream.Length is an
        // fstat: one syscall per request under load). It is read back from the file once per flush, so a file someone
        // else truncated or appended to is seen within one flush interval.
        protected override void FlushStream()
        {
            _file.Flush();
            _length = _file.Length;
        }

        protected override void DisposeStream() => _file.Dispose();

        // Unbuffered: the sink batches whole lines itself.
        private FileStream OpenFile()
        {
            var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
            _length = file.Length;
            return file;
        }

        protected override void Rotate()
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
