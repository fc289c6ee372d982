using System.Text.Json;

namespace CircuitSpec.Models.TfJs;

/// <summary>model.json lacks what a TF.js Layers model must have; the loader turns it into a ModelLoadException naming the layer.</summary>
internal sealed class TfJsStructureException(string message) : FormatException(message);

internal static class JsonReading
{
    /// <summary>A property that must be there; its absence is named (System.Text.Json's own error does not say which key).</summary>
    public static JsonElement Need(this JsonElement element, string property) =>
        element.ValueKind != JsonValueKind.Object
            ? throw new TfJsStructureException($"expected an object holding '{property}', found {element.ValueKind}")
            : element.TryGetProperty(property, out var value) ? value
            : throw new TfJsStructureException($"property '{property}' is missing");

    /// <summary>Item <paramref name="index"/> of an array that must be long enough.</summary>
    public static JsonElement Item(this JsonElement element, int index) =>
        element.ValueKind == JsonValueKind.Array && index < element.GetArrayLength()
            ? element[index]
            : throw new TfJsStructureException($"expected an array with an item {index}, found " +
                $"{(element.ValueKind == JsonValueKind.Array ? $"{element.GetArrayLength()} item(s)" : element.ValueKind.ToString())}");

    /// <summary>A value that must be a string (GetString() hands back null for a JSON null).</summary>
    public static string Text(this JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new TfJsStructureException($"expected a string, found {element.ValueKind}");
}
