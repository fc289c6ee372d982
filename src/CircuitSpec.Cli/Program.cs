using System.CommandLine;
using CircuitSpec.Cli.Commands;
using CircuitSpec.Errors;
using CircuitSpec.Runtime;

// On glibc, a process needs its allocator tuned from the start (NativeAllocator): run again so, where it was not.
if (NativeAllocator.RestartTuned(args) is { } exitCode) return exitCode;

// A plain command as the root, so the usage line says "circuitspec" however it is started (a RootCommand takes the
// executable's name: "CircuitSpec.Cli" under dotnet run).
var root = new Command("circuitspec", "circuitspec — circuit hypotheses as executable specs, checked against real models.")
{
    new System.CommandLine.Help.HelpOption(),
    new VersionOption(),
};
root.Subcommands.Add(InspectCommand.Create());
root.Subcommands.Add(ProbeCommand.Create());
root.Subcommands.Add(WeightsCommand.Create());
root.Subcommands.Add(DiscoverCommand.Create());
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(AcceptCommand.Create());
root.Subcommands.Add(ReportCommand.Create());

// Our own errors are messages for the user (wrong name, missing file), not crashes: print them without a stack trace.
try
{
    return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (CircuitSpecException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
