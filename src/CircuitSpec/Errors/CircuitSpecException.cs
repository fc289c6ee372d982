namespace CircuitSpec.Errors;

/// <summary>The base of every error CircuitSpec raises on purpose: catch this to tell our errors from bugs.</summary>
public class CircuitSpecException : Exception
{
    public CircuitSpecException(string message) : base(message) { }
    public CircuitSpecException(string message, Exception? inner) : base(message, inner) { }
}
