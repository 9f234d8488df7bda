using System.Text;

namespace Gateway.AccessLog;

/// <summary>Where lines go: standard output, or a file rotated by size (<c>access.log</c>, <c>access.log.1</c>…).</summary>
internal abstract class AccessLogSink : IDisposable
{
    public static AccessLogSink Open(AccessLogOptions options) =>
        string.IsNullOrWhiteSpace(options.Path) ? new StandardOutputSink() : new RotatingFileSink(options.Path, options.MaxFileBytes, options.MaxFiles);

    public abstract void WriteLine(string line);

    public abstract void Flush();

    public abstract void Dispose();

    private sealed class StandardOutputSink : AccessLogSink
    {
        private readonly Stream _stdout = Console.OpenStandardOutput();

        public override void WriteLine(string line)
        {
            var bytes = Encoding.UTF8.GetBytes(line + "\n");
            _stdout.Write(bytes);
        }

        public override void Flush() => _stdout.Flush();

        public override void Dispose() => _stdout.Dispose();
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

        public override void WriteLine(string line)
        {
            var bytes = Encoding.UTF8.GetBytes(line + "\n");
            if (_file.Length + bytes.Length > _maxBytes && _file.Length > 0)
            {
                Rotate();
            }

            _file.Write(bytes);
        }

        public override void Flush() => _file.Flush();

        public override void Dispose() => _file.Dispose();

        private FileStream OpenFile() => new(_path, FileMode.Append, FileAccess.Write, FileShare.Read);

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
