using System.CommandLine;
using CircuitSpec.Cli.Commands;
using CircuitSpec.Errors;

var root = new RootCommand("circuitspec — circuit hypotheses as executable specs, checked against real models.");
root.Subcommands.Add(InspectCommand.Create());
root.Subcommands.Add(ProbeCommand.Create());
root.Subcommands.Add(WeightsCommand.Create());
root.Subcommands.Add(DiscoverCommand.Create());
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(AcceptCommand.Create());

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
