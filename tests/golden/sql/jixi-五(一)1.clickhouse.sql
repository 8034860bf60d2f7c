WITH "__facts" AS (
  SELECT
    *
  FROM facts
), "__l1" AS (
  SELECT
    *,
    (
      COALESCE(
        CAST((
          CAST("能源资源类产品进口额" AS Nullable(Decimal(38, 6))) * 1000000
        ) AS Nullable(Int128)),
        0
      )
    ) AS "__t0"
  FROM "__facts"
), "__l2" AS (
  SELECT
    *,
    (
      CASE WHEN (
        "__t0" IS NULL
      ) THEN NULL WHEN "__t0" >= 0 THEN "__t0" ELSE 0 END
    ) AS "__t1"
  FROM "__l1"
), "__l3" AS (
  SELECT
    *,
    (
      (
        (
          CASE
            WHEN (
              "__t1" IS NULL
            )
            THEN NULL
            WHEN "__t1" <= 50000000000000
            THEN "__t1"
            ELSE 50000000000000
          END
        ) * 2
      ) + 500000
    ) AS "__t2"
  FROM "__l2"
), "__l4" AS (
  SELECT
    *,
    (
      intDiv("__t2", 1000000) - (
        CASE WHEN (
          "__t2" % 1000000
        ) < 0 THEN 1 ELSE 0 END
      )
    ) AS "__t3"
  FROM "__l3"
), "__l5" AS (
  SELECT
    *,
    (
      CASE
        WHEN (
          COALESCE(
            (
              NOT (
                (
                  (
                    COALESCE(
                      CAST((
                        CAST("能源资源类产品进口额" AS Nullable(Decimal(38, 6))) * 1000000
                      ) AS Nullable(Int128)),
                      0
                    )
                  ) >= 5000000000000
                )
                AND (
                  (
                    COALESCE(
                      CAST((
                        CAST("商品落地率" AS Nullable(Decimal(38, 8))) * 100000000
                      ) AS Nullable(Int128)),
                      0
                    )
                  ) > 50000000
                )
              )
            ),
            FALSE
          )
        )
        THEN 'ineligible'
        WHEN (
          (
            "__t3" IS NULL
          )
          OR (
            (
              (
                (
                  COALESCE(
                    CAST((
                      CAST("能源资源类产品进口额" AS Nullable(Decimal(38, 6))) * 1000000
                    ) AS Nullable(Int128)),
                    0
                  )
                ) >= 5000000000000
              )
              AND (
                (
                  COALESCE(
                    CAST((
                      CAST("商品落地率" AS Nullable(Decimal(38, 8))) * 100000000
                    ) AS Nullable(Int128)),
                    0
                  )
                ) > 50000000
              )
            ) IS NULL
          )
        )
        THEN 'undetermined'
        WHEN "__t3" = 0
        THEN 'zero'
        ELSE 'paid'
      END
    ) AS "__t4",
    (
      CASE
        WHEN (
          (
            COALESCE(
              (
                (
                  (
                    COALESCE(
                      CAST((
                        CAST("能源资源类产品进口额" AS Nullable(Decimal(38, 6))) * 1000000
                      ) AS Nullable(Int128)),
                      0
                    )
                  ) >= 5000000000000
                )
                AND (
                  (
                    COALESCE(
                      CAST((
                        CAST("商品落地率" AS Nullable(Decimal(38, 8))) * 100000000
                      ) AS Nullable(Int128)),
                      0
                    )
                  ) > 50000000
                )
              ),
              FALSE
            )
          )
          AND (
            COALESCE(
              (
                NOT (
                  (
                    "__t3" IS NULL
                  )
                  OR (
                    (
                      (
                        (
                          COALESCE(
                            CAST((
                              CAST("能源资源类产品进口额" AS Nullable(Decimal(38, 6))) * 1000000
                            ) AS Nullable(Int128)),
                            0
                          )
                        ) >= 5000000000000
                      )
                      AND (
                        (
                          COALESCE(
                            CAST((
                              CAST("商品落地率" AS Nullable(Decimal(38, 8))) * 100000000
                            ) AS Nullable(Int128)),
                            0
                          )
                        ) > 50000000
                      )
                    ) IS NULL
                  )
                )
              ),
              FALSE
            )
          )
        )
        THEN "__t3"
        ELSE 0
      END
    ) AS "__t5"
  FROM "__l4"
), "__l6" AS (
  SELECT
    *,
    (
      CASE WHEN "__t5" <= 200000000 THEN "__t5" ELSE 200000000 END
    ) AS "__t6",
    (
      200000000 - "__t5"
    ) AS "__t11",
    (
      CASE WHEN "__t4" = 'undetermined' THEN 1000000 ELSE 0 END
    ) AS "__t12"
  FROM "__l5"
), "__l7" AS (
  SELECT
    *,
    (
      "__t5" > "__t6"
    ) AS "__t7",
    (
      200000000 - "__t6"
    ) AS "__t10",
    (
      "__t11" - (
        "__t12" * 100
      )
    ) AS "__t13"
  FROM "__l6"
), "__l8" AS (
  SELECT
    *,
    (
      CASE WHEN (
        COALESCE("__t7", FALSE)
      ) THEN "__t6" ELSE "__t5" END
    ) AS "__t8",
    (
      CASE
        WHEN (
          COALESCE((
            (
              COALESCE("__t7", FALSE)
            ) AND (
              "__t6" = 0
            )
          ), FALSE)
        )
        THEN 'zero'
        ELSE "__t4"
      END
    ) AS "__t9"
  FROM "__l7"
), "__l9" AS (
  SELECT
    *,
    (
      CASE WHEN "__t9" = 'undetermined' THEN NULL ELSE "__t8" END
    ) AS "__t14",
    (
      0 + "__t8"
    ) AS "__t15",
    (
      NOT (
        "__t9" = 'undetermined'
      )
    ) AS "__t16"
  FROM "__l8"
)
SELECT
  CAST("__t14" AS Nullable(Int64)) AS "五(一)1[分]",
  "__t9" AS "五(一)1:状态",
  CAST("__t15" AS Nullable(Int64)) AS "合计[分]",
  "__t16" AS "可确定"
FROM "__l9";
