using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Activities;

/// <summary>The pose a generation follows: the control image blob and the OpenPose ControlNet's scale.</summary>
public sealed record PoseControl(BlobReference ControlImage, float Scale)
{
    /// <summary>The model set's ControlNet that reads OpenPose skeletons.</summary>
    public const string ControlNetName = "openpose";
}
