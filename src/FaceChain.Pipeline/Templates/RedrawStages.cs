namespace FaceChain.Pipeline.Templates;

/// <summary>
/// FACT's numbers for the stages of one template redraw (<c>inference_inpaint_fact.py</c>): the reference portrait
/// (text-to-image, OpenPose ControlNet at 1.0, guidance 5, face-adapter scale 0.5), the inpaint's ControlNets (face
/// landmarks 1.0, Canny 0.2) and the refine pass (strength 0.1, both ControlNets at 0.8, the face grown by 0.02·√area).
/// </summary>
public static class RedrawStages
{
    /// <summary>The model set's ControlNet that reads OpenPose drawings (skeletons and face-landmark dots).</summary>
    public const string OpenPose = "openpose";

    /// <summary>The model set's ControlNet that reads Canny edge maps.</summary>
    public const string Canny = "canny";

    public const float ReferenceGuidanceScale = 5f;
    public const float ReferenceFaceScale = 0.5f;
    public const float ReferencePoseScale = 1f;

    public const float InpaintLandmarkScale = 1f;
    public const float InpaintCannyScale = 0.2f;

    /// <summary>FACT blanks the Canny map over the face (raw above the eyes, grown 0.05·√area below) so the new face is free.</summary>
    public const double CannyBlankBelowEyes = 0.05;

    public const float RefineStrength = 0.1f;
    public const float RefineLandmarkScale = 0.8f;
    public const float RefineCannyScale = 0.8f;
    public const double RefineGrowth = 0.02;

    /// <summary>Seeds of the stages after the inpaint (which keeps the step's seed), derived so each stage draws its own noise.</summary>
    public const int ReferenceSeedIndex = 1;
    public const int RefineSeedIndex = 2;
}
