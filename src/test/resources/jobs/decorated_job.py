"""A job script using the @cluster_main decorator: every top-level parameter is a keyword argument."""

from cluster_utils import cluster_main


@cluster_main
def main(working_dir, id, fn_args, **kwargs):
    return {"result": fn_args["x"] * 2, "id_seen": id, "extra_keys": ",".join(sorted(kwargs))}


if __name__ == "__main__":
    main()
