using System.IO.Pipelines;

namespace Gateway.Http1.Transport;

/// <summary>A transport made of a reader and a writer.</summary>
internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
