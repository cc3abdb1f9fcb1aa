"""Settings package: `base` is shared; `demo`, `production` and `test` choose the environment."""
