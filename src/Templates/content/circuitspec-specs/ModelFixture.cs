using CircuitSpec.Models.Graph;
using CircuitSpec.Models.Onnx;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;

namespace CircuitSpecSpecs;

/// <summary>The model under test, loaded once for every spec class that asks for it.</summary>
public sealed class ModelFixture : IDisposable
{
    /// <summary>The model file: absolute, or relative to this project's folder.</summary>
    public const string Path = "MODEL_PATH";

    public ModelFixture()
    {
        MathLibrary.Use(MathMode.Reproducible);
        Model = OnnxLoader.Load(System.IO.Path.IsPathRooted(Path) ? Path : System.IO.Path.Combine(Project.Folder, Path));
    }

    public GraphNetwork Model { get; }

    public void Dispose() => Model.Dispose();
}

/// <summary>This project's folder (where this file is), for paths that should not depend on where the tests run.</summary>
public static class Project
{
    public static string Folder { get; } = Of();

    private static string Of([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        System.IO.Path.GetDirectoryName(source) is { Length: > 0 } folder && Directory.Exists(folder) ? folder : Environment.CurrentDirectory;
}
