using System.CommandLine;
using CircuitSpec.Snapshots;

namespace CircuitSpec.Cli.Commands;

/// <summary><c>circuitspec accept [folder | file.received.png]</c>: received snapshots become the verified ones.</summary>
internal static class AcceptCommand
{
    public static Command Create()
    {
        var folder = new Argument<string?>("folder") { Description = "A folder to accept every received snapshot under (default: the repository root), or one " +
            ".received.png.", DefaultValueFactory = _ => null };
        var command = new Command("accept", "Accept reviewed snapshots: move *.received.png to *.verified.png (and drop its .diff.png).") { folder };
        command.SetAction(parse =>
        {
            var root = parse.GetValue(folder) ?? Common.RepositoryRoot();
            var accepted = SnapshotExtensions.AcceptAll(root);
            var shownFrom = File.Exists(root) ? Path.GetDirectoryName(Path.GetFullPath(root))! : root;
            foreach (var path in accepted) Console.WriteLine($"accepted {Path.GetRelativePath(shownFrom, path)}");
            Console.WriteLine(accepted.Count == 0 ? "no received snapshots" : $"{accepted.Count} snapshot(s) accepted; review them in git diff and commit");
            return 0;
        });
        return command;
    }
}
