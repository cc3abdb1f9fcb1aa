"""Exit 0 if a DATABASE_URL's PostgreSQL server answers; --describe names it without secrets."""

import sys

import dj_database_url
import psycopg2


def main(argv: list[str]) -> int:
    describe = argv[:1] == ["--describe"]
    config = dj_database_url.parse(argv[-1])
    where = f"{config['USER'] or 'postgres'}@{config['HOST'] or 'localhost'}:{config['PORT'] or 5432}"
    if describe:
        print(where)
        return 0
    try:
        psycopg2.connect(
            dbname="postgres",
            user=config["USER"],
            password=config["PASSWORD"],
            host=config["HOST"],
            port=config["PORT"] or 5432,
            connect_timeout=3,
        ).close()
    except psycopg2.OperationalError:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
