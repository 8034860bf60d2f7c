WITH `__facts` AS (
  SELECT
    *
  FROM facts
), `__l1` AS (
  SELECT
    *,
    (
      CASE
        WHEN (
          COALESCE((
            NOT `纳入限额统计`
          ), FALSE)
        )
        THEN 'ineligible'
        WHEN TRUE
        THEN 'undetermined'
        ELSE 'paid'
      END
    ) AS `__t0`,
    CAST((
      CAST(`交易规模` AS DECIMAL(38, 6)) * 1000000
    ) AS DECIMAL(38, 0)) AS `__t1`
  FROM `__facts`
), `__l2` AS (
  SELECT
    *,
    (
      CASE WHEN (
        `__t1` IS NULL
      ) THEN NULL WHEN `__t1` >= 0 THEN `__t1` ELSE 0 END
    ) AS `__t2`
  FROM `__l1`
), `__l3` AS (
  SELECT
    *,
    (
      (
        (
          CASE
            WHEN (
              `__t2` IS NULL
            )
            THEN NULL
            WHEN `__t2` <= 1000000000000
            THEN `__t2`
            ELSE 1000000000000
          END
        ) * 2
      ) + 50000
    ) AS `__t3`
  FROM `__l2`
), `__l4` AS (
  SELECT
    *,
    (
      CAST((
        `__t3` - (
          `__t3` % 100000
        )
      ) / CAST(100000 AS DECIMAL(6, 0)) AS DECIMAL(38, 0)) - (
        CASE WHEN (
          `__t3` % 100000
        ) < 0 THEN 1 ELSE 0 END
      )
    ) AS `__t4`
  FROM `__l3`
), `__l5` AS (
  SELECT
    *,
    (
      CASE
        WHEN (
          COALESCE(
            (
              NOT (
                (
                  CAST((
                    CAST(`交易规模` AS DECIMAL(38, 6)) * 1000000
                  ) AS DECIMAL(38, 0)) > 5000000000000
                )
                AND `纳入限额统计`
              )
            ),
            FALSE
          )
        )
        THEN 'ineligible'
        WHEN (
          (
            `__t4` IS NULL
          )
          OR (
            (
              (
                CAST((
                  CAST(`交易规模` AS DECIMAL(38, 6)) * 1000000
                ) AS DECIMAL(38, 0)) > 5000000000000
              )
              AND `纳入限额统计`
            ) IS NULL
          )
        )
        THEN 'undetermined'
        WHEN `__t4` = 0
        THEN 'zero'
        ELSE 'paid'
      END
    ) AS `__t5`,
    (
      CASE
        WHEN (
          (
            COALESCE(
              (
                (
                  CAST((
                    CAST(`交易规模` AS DECIMAL(38, 6)) * 1000000
                  ) AS DECIMAL(38, 0)) > 5000000000000
                )
                AND `纳入限额统计`
              ),
              FALSE
            )
          )
          AND (
            COALESCE(
              (
                NOT (
                  (
                    `__t4` IS NULL
                  )
                  OR (
                    (
                      (
                        CAST((
                          CAST(`交易规模` AS DECIMAL(38, 6)) * 1000000
                        ) AS DECIMAL(38, 0)) > 5000000000000
                      )
                      AND `纳入限额统计`
                    ) IS NULL
                  )
                )
              ),
              FALSE
            )
          )
        )
        THEN `__t4`
        ELSE 0
      END
    ) AS `__t6`
  FROM `__l4`
), `__l6` AS (
  SELECT
    *,
    (
      CASE WHEN `__t0` = 'undetermined' THEN NULL ELSE 0 END
    ) AS `__t7`,
    (
      CASE WHEN `__t5` = 'undetermined' THEN NULL ELSE `__t6` END
    ) AS `__t8`,
    (
      (
        0 + 0
      ) + `__t6`
    ) AS `__t9`,
    (
      NOT (
        (
          `__t0` = 'undetermined'
        ) OR (
          `__t5` = 'undetermined'
        )
      )
    ) AS `__t10`
  FROM `__l5`
)
SELECT
  CAST(`__t7` AS BIGINT) AS `二(四)2[分]`,
  `__t0` AS `二(四)2:状态`,
  CAST(`__t8` AS BIGINT) AS `二(四)3[分]`,
  `__t5` AS `二(四)3:状态`,
  CAST(`__t9` AS BIGINT) AS `合计[分]`,
  `__t10` AS `可确定`
FROM `__l6`;
