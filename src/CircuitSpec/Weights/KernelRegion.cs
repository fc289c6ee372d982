namespace CircuitSpec.Weights;

/// <summary>
/// A part of a kernel relative to its centre, as the Circuits articles describe weights ("windows excite the car
/// detector at the top of its kernel, wheels at the bottom"). Rows above the centre row are Top, and so on; the
/// centre row or column belongs to neither side.
/// </summary>
public enum KernelRegion { Top, Bottom, Left, Right, Centre }
