WITH "__facts" AS (
  SELECT
    *
  FROM facts
), "__l1" AS (
  SELECT
    *,
    CAST((
      CAST("费用" AS DECIMAL(38, 6)) * 1000000
    ) AS INT128) AS "__t0"
  FROM "__facts"
), "__l2" AS (
  SELECT
    *,
    (
      (
        (
          CASE WHEN (
            "__t0" IS NULL
          ) THEN NULL WHEN "__t0" >= 0 THEN "__t0" ELSE 0 END
        ) * 2
      ) + 20000
    ) AS "__t1"
  FROM "__l1"
), "__l3" AS (
  SELECT
    *,
    (
      (
        "__t1" // 40000
      ) - (
        CASE WHEN (
          "__t1" % 40000
        ) < 0 THEN 1 ELSE 0 END
      )
    ) AS "__t2"
  FROM "__l2"
), "__l4" AS (
  SELECT
    *,
    (
      CASE
        WHEN (
          "__t2" IS NULL
        )
        THEN 'undetermined'
        WHEN "__t2" = 0
        THEN 'zero'
        ELSE 'paid'
      END
    ) AS "__t3",
    (
      CASE
        WHEN (
          COALESCE((
            NOT (
              "__t2" IS NULL
            )
          ), FALSE)
        )
        THEN "__t2"
        ELSE 0
      END
    ) AS "__t4"
  FROM "__l3"
), "__l5" AS (
  SELECT
    *,
    (
      CASE WHEN "__t3" = 'undetermined' THEN NULL ELSE "__t4" END
    ) AS "__t5",
    (
      0 + "__t4"
    ) AS "__t6",
    (
      NOT (
        "__t3" = 'undetermined'
      )
    ) AS "__t7"
  FROM "__l4"
)
SELECT
  CAST("__t5" AS BIGINT) AS "九(二)[分]",
  "__t3" AS "九(二):状态",
  CAST("__t6" AS BIGINT) AS "合计[分]",
  "__t7" AS "可确定"
FROM "__l5";
