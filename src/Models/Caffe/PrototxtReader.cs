using System.Globalization;
using System.Text;
using CircuitSpec.Errors;

namespace CircuitSpec.Models.Caffe;

/// <summary>One message of a protobuf text-format file: its fields in file order (scalars as strings, or sub-messages).</summary>
public sealed class PrototxtMessage
{
    private readonly List<(string Key, object Value)> _fields = [];

    internal void Add(string key, object value) => _fields.Add((key, value));

    public IEnumerable<PrototxtMessage> Messages(string key) => _fields.Where(f => f.Key == key).Select(f => f.Value).OfType<PrototxtMessage>();

    public PrototxtMessage? Message(string key) => Messages(key).FirstOrDefault();

    public IEnumerable<string> Values(string key) => _fields.Where(f => f.Key == key).Select(f => f.Value).OfType<string>();

    public string? Value(string key) => Values(key).FirstOrDefault();

    public long Int(string key, long fallback) => Value(key) is { } v ? long.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public float Float(string key, float fallback) => Value(key) is { } v ? float.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public bool Bool(string key, bool fallback) => Value(key) is { } v ? v == "true" : fallback;
}

/// <summary>
/// Reads protobuf text format (Caffe's .prototxt). Google.Protobuf's C# runtime has no text-format parser, so this
/// small one reads the untyped field tree: <c>key: value</c>, <c>key { ... }</c>, quoted strings, comments.
/// </summary>
public static class PrototxtReader
{
    public static PrototxtMessage Read(string path)
    {
        if (!File.Exists(path)) throw new ModelLoadException(path, null, "the file does not exist");
        var text = File.ReadAllText(path);
        var position = 0;
        var root = ParseFields(text, ref position, path, topLevel: true);
        return root;
    }

    private static PrototxtMessage ParseFields(string text, ref int i, string path, bool topLevel)
    {
        var message = new PrototxtMessage();
        while (true)
        {
            SkipSpace(text, ref i);
            if (i >= text.Length)
            {
                if (!topLevel) throw Error(text, i, path, "the file ends inside a '{ ... }' block");
                return message;
            }
            if (text[i] == '}')
            {
                if (topLevel) throw Error(text, i, path, "unexpected '}'");
                i++;
                return message;
            }
            var key = Identifier(text, ref i, path);
            SkipSpace(text, ref i);
            if (i < text.Length && text[i] == ':')
            {
                i++;
                SkipSpace(text, ref i);
            }
            if (i < text.Length && text[i] == '{')
            {
                i++;
                message.Add(key, ParseFields(text, ref i, path, topLevel: false));
            }
            else message.Add(key, Scalar(text, ref i, path));
        }
    }

    private static string Scalar(string text, ref int i, string path)
    {
        if (i >= text.Length) throw Error(text, i, path, "a value is missing at the end of the file");
        if (text[i] is '"' or '\'')
        {
            var quote = text[i++];
            var value = new StringBuilder();
            while (i < text.Length && text[i] != quote)
            {
                if (text[i] == '\\' && i + 1 < text.Length) i++;
                value.Append(text[i++]);
            }
            if (i >= text.Length) throw Error(text, i, path, "a quoted string is not closed");
            i++;
            return value.ToString();
        }
        var start = i;
        while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('}' or '{' or '#')) i++;
        if (i == start) throw Error(text, i, path, $"expected a value, found '{text[i]}'");
        return text[start..i];
    }

    private static string Identifier(string text, ref int i, string path)
    {
        var start = i;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
        if (i == start) throw Error(text, i, path, $"expected a field name, found '{text[i]}'");
        return text[start..i];
    }

    private static void SkipSpace(string text, ref int i)
    {
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i])) i++;
            else if (text[i] == '#') while (i < text.Length && text[i] != '\n') i++;
            else return;
        }
    }

    private static ModelLoadException Error(string text, int i, string path, string problem)
    {
        var line = text.Take(Math.Min(i, text.Length)).Count(c => c == '\n') + 1;
        return new ModelLoadException(path, $"line {line}", problem);
    }
}
