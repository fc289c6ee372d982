using System.Diagnostics;
using System.Globalization;

namespace CircuitSpec.Pictures;

/// <summary>
/// Writes a file so that readers see either the old one or the complete new one, never a half-written file: the bytes
/// go to a temporary file beside it, which is then renamed over it. A process killed mid-write leaves only its
/// temporary file (named <c>&lt;file&gt;.&lt;pid&gt;.&lt;guid&gt;.tmp</c>), which the next write of that file removes.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        RemoveLeftovers(folder, Path.GetFileName(full));
        var temporary = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public static void WriteText(string path, string text) => Write(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Temporary files of this file left by processes that no longer run.</summary>
    private static void RemoveLeftovers(string folder, string name)
    {
        foreach (var leftover in Directory.EnumerateFiles(folder, name + ".*.tmp"))
        {
            var parts = Path.GetFileName(leftover)[(name.Length + 1)..].Split('.');
            if (parts.Length == 3 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !IsRunning(pid))
            {
                try
                {
                    File.Delete(leftover);
                }
                catch (IOException)
                {
                    // Another writer removed it first.
                }
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
