namespace CircuitSpec.Activations;

/// <summary>Thrown from a hook to end a forward pass once everything it was run for is known.</summary>
internal sealed class StopForward : Exception;
