using System.Runtime.CompilerServices;
using FluentAssertions.Formatting;

namespace CircuitSpec.Formatting;

/// <summary>
/// Teaches FluentAssertions to print CircuitSpec's values compactly in failure messages: tensors as shape, device and
/// summary statistics (never millions of numbers), features as their labels, stimuli with their parameters.
/// Registered when the library loads; <see cref="Register"/> is idempotent for hosts that need it earlier.
/// </summary>
public static class Formatters
{
    private static int Registered;

#pragma warning disable CA2255 // a library registering its own formatters is what module initializers are for
    [ModuleInitializer]
    internal static void OnLoad() => Register();
#pragma warning restore CA2255

    public static void Register()
    {
        if (Interlocked.Exchange(ref Registered, 1) == 1) return;
        Formatter.AddFormatter(new TensorFormatter());
        Formatter.AddFormatter(new FeatureFormatter());
        Formatter.AddFormatter(new StimulusFormatter());
    }
}
