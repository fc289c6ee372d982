using System.Text.RegularExpressions;

namespace CircuitSpec.Pictures;

/// <summary>File names made from labels ("mixed3b:379", "hue=297.7, saturation=1"): runs of other characters become one '_'.</summary>
public static partial class FileNames
{
    public static string Safe(string text) => Unsafe().Replace(text, "_").Trim('_');

    [GeneratedRegex("[^A-Za-z0-9._=-]+")]
    private static partial Regex Unsafe();
}
