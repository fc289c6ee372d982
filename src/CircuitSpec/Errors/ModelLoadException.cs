namespace CircuitSpec.Errors;

/// <summary>A model file could not be read: it is truncated, corrupt, inconsistent, or asks for too much memory.</summary>
public class ModelLoadException : CircuitSpecException
{
    public ModelLoadException(string file, string? node, string problem, Exception? inner = null)
        : base(Describe(file, node, problem), inner)
    {
        File = file;
        Node = node;
        Problem = problem;
    }

    /// <summary>The file that failed to load.</summary>
    public string File { get; }

    /// <summary>The node, layer or tensor inside the file where the problem is, when there is one.</summary>
    public string? Node { get; }

    public string Problem { get; }

    private static string Describe(string file, string? node, string problem) =>
        node is null ? $"Cannot load '{file}': {problem}" : $"Cannot load '{file}' at '{node}': {problem}";
}

/// <summary>The model uses an operator (or an operator version) that CircuitSpec cannot execute.</summary>
public sealed class UnsupportedOperatorException : ModelLoadException
{
    public UnsupportedOperatorException(string file, string node, string opType, string domain, long opset, string? detail = null)
        : base(file, node, $"operator '{(domain is "" or "ai.onnx" ? "" : domain + ".")}{opType}' (opset {opset}) is not supported" +
                           (detail is null ? "" : $": {detail}"))
    {
        OpType = opType;
        Domain = domain;
        Opset = opset;
    }

    public string OpType { get; }
    public string Domain { get; }
    public long Opset { get; }
}

/// <summary>A file the caller (or a test) needs is not on this machine; the message says how to get it.</summary>
public sealed class MissingModelFileException : CircuitSpecException
{
    public MissingModelFileException(string what, IEnumerable<string> looked, string howToInstall)
        : base($"{what} was not found. Looked in:{Environment.NewLine}" +
               string.Join(Environment.NewLine, looked.Select(l => "  - " + l)) + Environment.NewLine + howToInstall)
    {
        What = what;
        HowToInstall = howToInstall;
    }

    public string What { get; }
    public string HowToInstall { get; }
}
